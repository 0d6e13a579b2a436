package io.titanicmq.api.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.FakeBroker.Received;
import io.titanicmq.api.client.FakeBroker.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;

@Timeout(30)
class MajordomoClientTest {

    private ZContext context;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void openContext() {
        context = new ZContext();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        context.close();
    }

    private FakeBroker broker(FakeBroker.Behaviour behaviour) {
        FakeBroker broker = new FakeBroker(context, behaviour);
        resources.add(broker);
        return broker;
    }

    private MajordomoClient client(FakeBroker broker, ClientOptions options) {
        MajordomoClient client = new MajordomoClient(context, broker.endpoint(), options);
        resources.add(client);
        return client;
    }

    /** Makes sure the (single) slot's connection is up, so the test's first message is not lost. */
    private static void warmUp(MajordomoClient client) throws ClientException {
        assertEquals(List.of("ping"), texts(client.call(FakeBroker.WARMUP, "ping")));
    }

    private static ClientOptions oneSlot(long timeoutMillis, int retries) {
        return ClientOptions.builder().slots(1).timeout(Duration.ofMillis(timeoutMillis)).retries(retries).build();
    }

    static List<String> texts(List<byte[]> frames) {
        List<String> texts = new ArrayList<>();
        for (byte[] frame : frames) {
            texts.add(new String(frame, StandardCharsets.UTF_8));
        }
        return texts;
    }

    private static List<byte[]> frames(String... texts) {
        List<byte[]> frames = new ArrayList<>();
        for (String text : texts) {
            frames.add(text.getBytes(StandardCharsets.UTF_8));
        }
        return frames;
    }

    @Test
    void roundTripReturnsTheReplyBody() throws Exception {
        FakeBroker broker = broker(request -> List.of(Response.text(request.service(), "echo", request.text(0))));
        MajordomoClient client = client(broker, ClientOptions.defaults());

        assertEquals(List.of("echo", "hello"), texts(client.call("echo", "hello")));
        assertEquals(0, client.stats().inFlight());
    }

    @Test
    void requestAndReplyWithoutBodyFramesRoundTrip() throws Exception {
        FakeBroker broker = broker(request -> List.of(Response.reply(request.service(), 0, List.of())));
        MajordomoClient client = client(broker, ClientOptions.defaults());

        assertEquals(List.of(), client.call("empty", List.of()));
    }

    @Test
    void twoHundredConcurrentSendsOnSixteenSlotsEachGetTheirOwnReply() throws Exception {
        FakeBroker broker = broker(request -> List.of(Response.echo(request, ThreadLocalRandom.current().nextInt(30))));
        MajordomoClient client = client(broker, ClientOptions.builder().slots(16).timeout(Duration.ofSeconds(2)).build());
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<CompletableFuture<List<byte[]>>>> sends = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String body = "request-" + i;
                sends.add(CompletableFuture.supplyAsync(() -> client.send("echo", frames(body, "tail")), senders));
            }
            for (int i = 0; i < 200; i++) {
                List<byte[]> reply = sends.get(i).get(10, TimeUnit.SECONDS).get(20, TimeUnit.SECONDS);
                assertEquals(List.of("request-" + i, "tail"), texts(reply), "reply of request " + i);
            }
        } finally {
            senders.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().unfinished() == 0);
        assertEquals(0, client.stats().inFlight());
        assertTrue(broker.received() >= 200, "broker saw " + broker.received());
    }

    @Test
    void droppedFirstMessageIsRetriedAndSucceeds() throws Exception {
        FakeBroker broker = broker(request -> request.seq() == 0 ? List.of() : List.of(Response.echo(request, 0)));
        MajordomoClient client = client(broker, oneSlot(200, 3));
        warmUp(client);
        long retriesBefore = client.stats().retries();

        assertEquals(List.of("x"), texts(client.call("echo", "x")));
        assertEquals(1, client.stats().retries() - retriesBefore);
        assertEquals(2, broker.received());
    }

    @Test
    void timeoutAfterRetriesFailsWithTheStateInItsMessage() throws Exception {
        FakeBroker broker = broker(request -> List.of());
        MajordomoClient client = client(broker, oneSlot(100, 2));
        warmUp(client);

        long start = System.nanoTime();
        CompletableFuture<List<byte[]>> future = client.send("silent", frames("x"));
        ExecutionException failure = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        ClientException cause = assertInstanceOf(ClientTimeoutException.class, failure.getCause());
        String message = cause.getMessage();
        assertTrue(message.contains("'silent'"), message);
        assertTrue(message.contains(broker.endpoint()), message);
        assertTrue(message.contains("3 attempts"), message);
        assertTrue(message.contains("100 ms"), message);
        assertTrue(elapsedMillis >= 290, "failed after " + elapsedMillis + " ms");
        assertEquals(3, broker.received());
        assertEquals(1, client.stats().timedOut());
    }

    @Test
    void blockingCallThrowsClientExceptionAfterRetries() throws Exception {
        FakeBroker broker = broker(request -> List.of());
        MajordomoClient client = client(broker, oneSlot(50, 1));

        ClientException failure = assertThrows(ClientException.class, () -> client.call("silent", "x"));
        assertTrue(failure.getMessage().contains("2 attempts"), failure.getMessage());
    }

    @Test
    void lateReplyToARetriedRequestIsDroppedNotDeliveredToTheNextRequest() throws Exception {
        // Attempt 1 of A is answered late (at 1100 ms), attempt 2 (sent at 800 ms) at once; B's
        // answer takes 500 ms, so a client that sent B before A's late answer came would take
        // that answer for B's.
        FakeBroker broker = broker(request -> List.of(Response.echo(request, request.seq() == 0 ? 1_100
                : request.seq() == 1 ? 0 : 500)));
        MajordomoClient client = client(broker, oneSlot(800, 3));
        warmUp(client);

        CompletableFuture<List<byte[]>> first = client.send("echo", frames("A"));
        CompletableFuture<List<byte[]>> second = client.send("echo", frames("B"));

        assertEquals(List.of("A"), texts(first.get(10, TimeUnit.SECONDS)));
        assertEquals(List.of("B"), texts(second.get(10, TimeUnit.SECONDS)));
        // The retry went out on a new connection: A's late answer went to the old one, now closed.
        assertEquals(0, client.stats().unmatchedReplies());
        assertEquals(1, client.stats().socketsRecreated());
    }

    @Test
    void replyLaterThanTheDrainWindowCannotReachTheNextRequestBecauseTheSlotReconnects() throws Exception {
        FakeBroker broker = broker(request -> List.of(Response.echo(request, request.seq() == 0 ? 1_000 : 0)));
        MajordomoClient client = client(broker, oneSlot(200, 5));
        warmUp(client);

        CompletableFuture<List<byte[]>> first = client.send("echo", frames("A"));
        CompletableFuture<List<byte[]>> second = client.send("echo", frames("B"));

        assertEquals(List.of("A"), texts(first.get(10, TimeUnit.SECONDS)));
        assertEquals(List.of("B"), texts(second.get(10, TimeUnit.SECONDS)));
        assertEquals(1, client.stats().socketsRecreated());
        // After the late answer to A has certainly been sent, the slot still answers correctly.
        await().atMost(Duration.ofSeconds(5)).until(() -> broker.received() >= 3);
        CompletableFuture<List<byte[]>> third = client.send("echo", frames("C"));
        assertEquals(List.of("C"), texts(third.get(10, TimeUnit.SECONDS)));
    }

    @Test
    void malformedRepliesAreDroppedAndCounted() throws Exception {
        FakeBroker broker = broker(request -> List.of(
                Response.raw("", "MDPX99", request.service(), "wrong header"),
                Response.raw(""),
                Response.raw("not empty", "MDPC01", request.service(), "no delimiter"),
                Response.raw("", "MDPC01"),
                Response.text("another.service", "wrong service"),
                Response.echo(request, 0)));
        MajordomoClient client = client(broker, oneSlot(2_000, 0));

        assertEquals(List.of("good"), texts(client.call("echo", "good")));
        assertEquals(4, client.stats().malformedReplies());
        assertEquals(1, client.stats().unmatchedReplies());
    }

    @Test
    void closeFailsOutstandingFuturesAndReturnsPromptly() throws Exception {
        FakeBroker broker = broker(request -> List.of());
        MajordomoClient client = client(broker, ClientOptions.builder().timeout(Duration.ofSeconds(10)).build());
        List<CompletableFuture<List<byte[]>>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(client.send("silent", frames("x" + i)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().inFlight() == 16);

        long start = System.nanoTime();
        client.close();
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(elapsedMillis < 2_000, "close took " + elapsedMillis + " ms");
        for (CompletableFuture<List<byte[]>> future : futures) {
            assertTrue(future.isCompletedExceptionally());
            ExecutionException failure = assertThrows(ExecutionException.class, future::get);
            assertInstanceOf(ClientException.class, failure.getCause());
            assertTrue(failure.getCause().getMessage().contains("closed"), failure.getCause().getMessage());
        }
        CompletableFuture<List<byte[]>> late = client.send("silent", frames("after close"));
        ExecutionException refused = assertThrows(ExecutionException.class, () -> late.get(1, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("closed"), refused.getCause().getMessage());
        assertFalse(context.isClosed(), "an injected context stays open");
    }

    @Test
    void requestsBeyondSlotsAndQueueAreRefusedAtOnce() throws Exception {
        FakeBroker broker = broker(request -> List.of());
        MajordomoClient client = client(broker,
                ClientOptions.builder().slots(1).maxQueued(2).timeout(Duration.ofSeconds(10)).build());
        List<CompletableFuture<List<byte[]>>> accepted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            accepted.add(client.send("silent", frames("x" + i)));
        }

        CompletableFuture<List<byte[]>> refused = client.send("silent", frames("one too many"));

        ExecutionException failure = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("too many requests queued"), failure.getCause().getMessage());
        for (CompletableFuture<List<byte[]>> future : accepted) {
            assertFalse(future.isDone());
        }
        assertEquals(3, client.stats().unfinished());
    }

    @Test
    void callFromTheIoThreadIsRefusedInsteadOfDeadlocking() throws Exception {
        FakeBroker broker = broker(request -> List.of(Response.echo(request, 0)));
        MajordomoClient client = client(broker, ClientOptions.defaults());

        CompletableFuture<String> nested = client.send("echo", frames("outer")).thenApply(reply -> {
            try {
                client.call("echo", "inner");
                return "no failure";
            } catch (ClientException e) {
                return e.getMessage();
            }
        });

        assertTrue(nested.get(10, TimeUnit.SECONDS).contains("deadlock"), nested.get());
    }

    @Test
    void clientWithItsOwnContextRoundTripsAndCloses() throws Exception {
        FakeBroker broker = broker(request -> List.of(Response.echo(request, 0)));
        try (MajordomoClient client = new MajordomoClient(broker.endpoint())) {
            assertEquals(List.of("own"), texts(client.call("echo", "own")));
        }
    }

    @Test
    void invalidEndpointFailsConstruction() {
        assertThrows(IllegalArgumentException.class,
                () -> new MajordomoClient(context, "nonsense://nowhere", ClientOptions.defaults()));
    }

    @Test
    void lateReplyForNoRequestIsCountedNotDelivered() throws Exception {
        List<Received> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        FakeBroker broker = broker(request -> {
            seen.add(request);
            return List.of(Response.echo(request, 0), Response.echo(request, 50));
        });
        MajordomoClient client = client(broker, oneSlot(2_000, 0));

        assertEquals(List.of("once"), texts(client.call("echo", "once")));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().unmatchedReplies() == 1);
        assertEquals(1, seen.size());
    }

    @Test
    void closingTheContextUnderTheClientFailsItsRequests() throws Exception {
        ZContext own = new ZContext();
        FakeBroker broker = broker(request -> List.of());
        MajordomoClient client = new MajordomoClient(own, broker.endpoint(),
                ClientOptions.builder().timeout(Duration.ofSeconds(10)).build());
        CompletableFuture<List<byte[]>> pending = client.send("silent", frames("x"));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.stats().inFlight() == 1);

        own.close();

        ExecutionException failure = assertThrows(ExecutionException.class, () -> pending.get(5, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getMessage().contains("context"), failure.getCause().getMessage());
        client.close();
    }
}
