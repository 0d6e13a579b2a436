package io.titanicmq.api.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;

@Timeout(30)
class TitanicClientTest {

    private static final String UNKNOWN_ID = "0123456789abcdef0123456789abcdef";

    private ZContext context;
    private FakeTitanic titanic;
    private FakeBroker broker;
    private TitanicClient client;

    @BeforeEach
    void start() {
        context = new ZContext();
        titanic = new FakeTitanic();
        broker = new FakeBroker(context, titanic);
        client = new TitanicClient(context, broker.endpoint(),
                ClientOptions.builder().slots(4).timeout(Duration.ofMillis(300)).retries(5).build());
    }

    @AfterEach
    void stop() {
        client.close();
        broker.close();
        context.close();
    }

    private static List<byte[]> frames(String... texts) {
        List<byte[]> frames = new ArrayList<>();
        for (String text : texts) {
            frames.add(text.getBytes(StandardCharsets.UTF_8));
        }
        return frames;
    }

    @Test
    void requestReturnsAnIdAndTheReplyIsPendingUntilTheWorkerAnswered() throws Exception {
        String id = client.request("echo", frames("hello", "world"));

        assertTrue(Tsp.isUuid(id), id);
        FakeTitanic.Job job = titanic.job(id);
        assertEquals("echo", job.service);
        assertEquals(List.of("hello", "world"), List.of(job.text(0), job.text(1)));
        assertEquals(ReplyResult.Kind.PENDING, client.reply(id).kind());

        titanic.complete(id, "done", "twice");
        ReplyResult result = client.reply(id);
        ReplyResult.Ready ready = assertInstanceOf(ReplyResult.Ready.class, result);
        assertEquals(List.of("done", "twice"), ready.textFrames());
    }

    @Test
    void replyToAnUnknownIdIsUnknown() throws Exception {
        assertEquals(ReplyResult.Kind.UNKNOWN, client.reply(UNKNOWN_ID).kind());
    }

    @Test
    void closedRequestIsUnknownAndClosingAgainSucceeds() throws Exception {
        String id = client.request("echo", frames("x"));
        titanic.complete(id, "done");

        client.close(id);
        client.close(id);

        assertEquals(ReplyResult.Kind.UNKNOWN, client.reply(id).kind());
    }

    @Test
    void terminalFailureIsReportedWithItsReason() throws Exception {
        String id = client.request("video.encode", frames("not a video"));
        titanic.fail(id, "unsupported container");

        ReplyResult result = client.reply(id);

        assertEquals(new ReplyResult.Failed("unsupported container"), result);
        assertEquals(ReplyResult.Kind.FAILED, result.kind());
    }

    @Test
    void serverErrorOnRequestThrowsWithTheServersText() {
        titanic.failRequestsWith("500 disk full");

        ClientException failure = assertThrows(ClientException.class, () -> client.request("echo", frames("x")));

        assertTrue(failure.getMessage().contains("500 disk full"), failure.getMessage());
        assertTrue(failure.getMessage().contains("'echo'"), failure.getMessage());
    }

    @Test
    void serverErrorOnReplyIsAnErrorResult() throws Exception {
        titanic.answerRepliesWith("500 store unavailable");

        assertEquals(new ReplyResult.ServerError("store unavailable"), client.reply(UNKNOWN_ID));
    }

    @Test
    void malformedStatusFromTheServerIsAClientException() {
        titanic.answerRepliesWith("20");

        ClientException failure = assertThrows(ClientException.class, () -> client.reply(UNKNOWN_ID));
        assertTrue(failure.getMessage().contains("malformed TSP status"), failure.getMessage());
    }

    @Test
    void aRequestIdThatIsNotThirtyTwoHexIsRefusedBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> client.reply("not-an-id"));
        assertThrows(IllegalArgumentException.class, () -> client.close("1234"));
    }

    @Test
    void waitForReplyReturnsOnceTheReplyIsStored() throws Exception {
        String id = client.request("echo", frames("x"));
        ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
        try {
            worker.schedule(() -> titanic.complete(id, "late result"), 300, TimeUnit.MILLISECONDS);

            ReplyResult result = client.waitForReply(id, Duration.ofSeconds(10));

            assertEquals(List.of("late result"), assertInstanceOf(ReplyResult.Ready.class, result).textFrames());
        } finally {
            worker.shutdownNow();
        }
        int polls = titanic.calls("titanic.reply");
        assertTrue(polls >= 2 && polls <= 20, "polled " + polls + " times in about 300 ms; backoff expected");
    }

    @Test
    void waitForReplyReturnsPendingWhenTheDeadlinePasses() throws Exception {
        String id = client.request("echo", frames("x"));

        long start = System.nanoTime();
        ReplyResult result = client.waitForReply(id, Duration.ofMillis(400));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(ReplyResult.Kind.PENDING, result.kind());
        assertTrue(elapsedMillis >= 400 && elapsedMillis < 5_000, "waited " + elapsedMillis + " ms");
    }

    @Test
    void waitForReplyReturnsAFailureWithoutWaitingForTheDeadline() throws Exception {
        String id = client.request("echo", frames("x"));
        titanic.fail(id, "bad input");

        long start = System.nanoTime();
        ReplyResult result = client.waitForReply(id, Duration.ofSeconds(20));

        assertEquals(new ReplyResult.Failed("bad input"), result);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void batchStoresEveryBodyAndReturnsTheIdsInOrder() throws Exception {
        List<List<byte[]>> bodies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bodies.add(frames("body-" + i));
        }

        List<String> ids = client.requestBatch("echo", bodies);

        assertEquals(100, ids.size());
        assertEquals(100, new HashSet<>(ids).size());
        for (int i = 0; i < 100; i++) {
            assertEquals("body-" + i, titanic.job(ids.get(i)).text(0), "job of body " + i);
        }
        assertEquals(100, titanic.jobCount());
    }

    @Test
    void batchReportsWhichRequestsFailed() {
        titanic.failRequestsWith("500 disk full");

        BatchRequestException failure = assertThrows(BatchRequestException.class,
                () -> client.requestBatch("echo", List.of(frames("a"), frames("b"))));

        assertTrue(failure.getMessage().startsWith("2 of 2"), failure.getMessage());
        assertEquals(2, failure.uuids().size());
        assertEquals(null, failure.uuids().get(0));
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameId() throws Exception {
        String first = client.request("echo", frames("x"), "order-42");
        String again = client.request("echo", frames("x"), "order-42");
        String other = client.request("echo", frames("x"), "order-43");

        assertEquals(first, again);
        assertNotEquals(first, other);
        assertEquals(2, titanic.jobCount());
    }

    @Test
    void aRequestWhoseAnswerWasLostIsRetriedAndStoredOnce() throws Exception {
        titanic.dropRequestAnswers(1);

        String id = client.request("echo", frames("once"));

        assertEquals(1, titanic.jobCount());
        assertEquals("once", titanic.job(id).text(0));
        assertTrue(titanic.calls(TitanicClient.IDEMPOTENT_REQUEST) >= 2);
        await().atMost(Duration.ofSeconds(2)).until(() -> client.majordomo().stats().retries() >= 1);
    }

    @Test
    void closingTheClientLeavesASharedMajordomoClientOpen() throws Exception {
        try (MajordomoClient shared = new MajordomoClient(context, broker.endpoint(), ClientOptions.defaults())) {
            new TitanicClient(shared).close();
            assertEquals(ReplyResult.Kind.UNKNOWN, new TitanicClient(shared).reply(UNKNOWN_ID).kind());
        }
    }
}
