package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import io.titanicmq.api.protocol.Tsp;
import io.titanicmq.tests.fixtures.GarbageWorker;
import io.titanicmq.tests.fixtures.HangingWorker;
import io.titanicmq.tests.fixtures.ThrowingWorker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug-in handlers that hang past their timeout, throw, or return garbage, in the real dist
 * process: each request fails terminally or is retried per the dispatcher's settings
 * (max-attempts 2 here), the worker slot (one connection per service) serves again, and echo is
 * never disturbed.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginFaultsEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    private DistProcess server;
    private MajordomoClient client;
    private TitanicClient titanic;
    private Path markers;

    @BeforeAll
    void startServerWithFaultyPlugins() throws Exception {
        markers = Files.createDirectories(work.resolve("markers"));
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        PluginJars.build(work.resolve("plugins/hangs.jar"), "hangs", HangingWorker.class);
        PluginJars.build(work.resolve("plugins/throws.jar"), "throws", ThrowingWorker.class);
        PluginJars.build(work.resolve("plugins/garbage.jar"), "garbage", GarbageWorker.class);
        server = DistProcess.start(work, "titanic.broker.max-message-size = 1MiB\n"
                + "titanic.workers.concurrency = 1\n"
                + "titanic.workers.handler-timeout-by-service { \"test.hangs\" = 1s }\n"
                + "titanic.dispatcher.max-attempts = 2\n"
                + "titanic.dispatcher.retry-backoff = 100ms\n");
        client = new MajordomoClient(server.endpoint());
        titanic = new TitanicClient(client);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                List.of("echo", "test.hangs", "test.throws", "test.garbage").stream().allMatch(this::registered));
    }

    @AfterAll
    void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            assertTrue(server.process().isAlive(), "the server died");
            String log = server.logText();
            assertFalse(log.contains("Exception in thread"), "a thread died:\n" + log);
            server.close();
        }
    }

    @Test
    void hungHandlerTimesOutIsRetriedThenFailsAndItsSlotServesTheNextRequest() throws Exception {
        long start = System.nanoTime();
        String id = titanic.request("test.hangs", frames(markers.toString(), "60"));
        ReplyResult result = titanic.waitForReply(id, WAIT);
        ReplyResult.Failed failed = assertInstanceOf(ReplyResult.Failed.class, result);
        assertTrue(failed.reason().contains("gave up after 2 attempts") && failed.reason().contains("timed out after"),
                failed.reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(20)) < 0,
                "the timeout did not end the attempts early");
        // both attempts' handlers were interrupted, and hang on (they ignore it) ...
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(markers.resolve("interrupted-" + id)));
        // ... yet the service's only connection serves at once, on a fresh handler thread
        assertEquals(List.of("quick"), text(client.call("test.hangs", markers.toString(), "0")));
        List<byte[]> direct = client.call("test.hangs", markers.toString(), "60");
        assertEquals(Tsp.FAILURE_MARKER, text(direct).get(0));
        assertEquals("retryable", text(direct).get(1));
        assertEquals(List.of("quick"), text(client.call("test.hangs", markers.toString(), "0")));
        assertEquals(List.of("still", "here"), text(client.call("echo", "still", "here")));
        assertTrue(server.logText().contains("still in its handler after handler-timeout"));
    }

    @Test
    void throwingHandlerIsRetriedPerConfigThenFailsTerminally() throws Exception {
        String id = titanic.request("test.throws", frames("x"));
        ReplyResult.Failed failed = assertInstanceOf(ReplyResult.Failed.class, titanic.waitForReply(id, WAIT));
        assertTrue(failed.reason().contains("gave up after 2 attempts") && failed.reason().contains("handler failure on purpose"),
                failed.reason());
        assertEquals(List.of("still", "here"), text(client.call("echo", "still", "here")));
    }

    @Test
    void garbageFromAHandlerEndsTheRequestAsTheProtocolSays() throws Exception {
        assertEquals("handler returned null", failure("null").reason());
        assertEquals("handler returned a null frame", failure("null-frame").reason());
        assertEquals("worker failure", failure("marker-terminal-no-reason").reason());
        assertTrue(failure("marker-only").reason().startsWith("gave up after 2 attempts; last: worker failure"));
        assertTrue(failure("marker-bad-kind").reason().startsWith("gave up after 2 attempts; last: bad kind"));
        assertTrue(failure("marker-binary").reason().startsWith("gave up after 2 attempts"));

        ReplyResult.Ready empty = ready("empty", 0);
        assertEquals(1, empty.frames().size());
        assertEquals(0, empty.frames().get(0).length);
        assertEquals(512 * 1024, ready("huge", 512 * 1024).frames().get(0).length);
        // Many frames, within titanic.broker.max-frames (1,024 by default; the limits suite covers beyond).
        assertEquals(1_000, ready("many", 1_000).frames().size());

        assertEquals(List.of("ok"), text(client.call("test.garbage", "ok")));
        assertEquals(List.of("still", "here"), text(client.call("echo", "still", "here")));
    }

    @Test
    void replyLargerThanTheBrokerTakesFailsAndTheSlotServesAgain() throws Exception {
        String id = titanic.request("test.garbage", frames("huge", Integer.toString(2 * 1024 * 1024)));
        ReplyResult result = titanic.waitForReply(id, WAIT);
        ReplyResult.Failed failed = assertInstanceOf(ReplyResult.Failed.class, result);
        assertTrue(failed.reason().contains("max-message-size"), failed.reason());
        await().atMost(Duration.ofSeconds(10)).until(() -> registered("test.garbage"));
        assertEquals(List.of("ok"), text(client.call("test.garbage", "ok")));
        assertEquals(List.of("still", "here"), text(client.call("echo", "still", "here")));
    }

    private ReplyResult.Failed failure(String mode) throws Exception {
        String id = titanic.request("test.garbage", frames(mode));
        return assertInstanceOf(ReplyResult.Failed.class, titanic.waitForReply(id, WAIT), mode);
    }

    private ReplyResult.Ready ready(String mode, int size) throws Exception {
        String id = titanic.request("test.garbage", frames(mode, Integer.toString(size)));
        return assertInstanceOf(ReplyResult.Ready.class, titanic.waitForReply(id, WAIT), mode);
    }

    private boolean registered(String service) {
        try {
            return "200".equals(PluginDropEndToEndTest.mmiService(client, service));
        } catch (Exception e) {
            throw new IllegalStateException("mmi.service " + service + " failed", e);
        }
    }

    private static List<byte[]> frames(String... texts) {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<String> text(List<byte[]> frames) {
        return PluginDropEndToEndTest.text(frames);
    }
}
