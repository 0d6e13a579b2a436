package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.runtime.fuzz.FuzzReport;
import io.titanicmq.runtime.fuzz.FuzzSockets;
import io.titanicmq.runtime.fuzz.Fuzzer;
import io.titanicmq.runtime.fuzz.HealthCheck;
import io.titanicmq.runtime.fuzz.HeapProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * 100,000 random and mutated messages at the real dist process, as clients and as workers: the
 * server keeps serving, no thread dies, and the heap after a full GC comes back to where it was.
 * The seed is printed; {@code -Dtitanic.fuzz.seed=N} replays a run.
 */
@Timeout(180)
class FuzzEndToEndTest {

    private static final int MESSAGES = 100_000;
    private static final int CURVE_MESSAGES = 20_000;
    private static final long MAX_MESSAGE_SIZE = 1 << 20;
    /** Heap after a full GC may differ by this much: caches, JIT, the journal index of stored requests. */
    private static final long HEAP_BOUND = 24L << 20;

    @TempDir
    Path work;

    @Test
    void hundredThousandFuzzedMessagesLeaveTheServerServingWithFlatHeap() throws Exception {
        long seed = Long.getLong("titanic.fuzz.seed", System.nanoTime());
        System.out.println("FuzzEndToEndTest seed " + seed + " (replay: -Dtitanic.fuzz.seed=" + seed + ")");
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        try (DistProcess server = DistProcess.start(work, "titanic.broker.max-message-size = 1MiB\n"
                + "titanic.broker.request-expiry = 2s\n"
                + "titanic.dispatcher.no-worker-timeout = 2s\n"
                + "titanic.workers.concurrency = 2\n");
             MajordomoClient client = new MajordomoClient(server.endpoint());
             ZContext ctx = new ZContext()) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "echo")));
            HealthCheck check = new HealthCheck(client);
            HeapProbe heap = new HeapProbe(server.process().pid());
            Fuzzer fuzzer = new Fuzzer(new FuzzSockets(), server.endpoint(), 8, MAX_MESSAGE_SIZE);

            // warm-up: loads the classes, JIT and caches the measured run would otherwise count
            fuzzer.run(ctx, 5_000, ~seed);
            assertEquals(List.of(), check.problems());
            long heapBefore = heap.usedAfterGc();
            long droppedBefore = check.brokerDropped().orElseThrow();

            FuzzReport report = fuzzer.run(ctx, MESSAGES, seed);

            assertEquals(MESSAGES, report.sent() + report.skipped());
            assertTrue(report.skipped() < MESSAGES / 100, "the broker stopped taking messages: " + report);
            assertEquals(0, report.unconfirmed(), "the broker did not handle everything: " + report);
            List<String> problems = check.problems();
            String warnings = problems.isEmpty() ? "" : warnings(server.logText());
            assertEquals(List.of(), problems, () -> "server unhealthy after the fuzz with seed " + seed
                    + "; the server's warnings:\n" + warnings);
            long dropped = check.brokerDropped().orElseThrow() - droppedBefore;
            assertTrue(dropped > MESSAGES / 4, "the broker counted only " + dropped + " malformed messages");
            // the fuzz's requests to services without workers expire within seconds; then the heap is back
            AtomicLong heapAfter = new AtomicLong();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        heapAfter.set(heap.usedAfterGc());
                        return heapAfter.get() - heapBefore < HEAP_BOUND;
                    });
            System.out.printf(Locale.ROOT, "fuzz seed %d: %s%n  sent %,d in %.1f s (%,.0f msg/s), broker dropped %,d,"
                            + " heap after GC %.1f -> %.1f MiB%n", seed, report.sentByCategory(), report.sent(),
                    report.duration().toNanos() / 1e9, report.rate(), dropped, heapBefore / 1048576.0,
                    heapAfter.get() / 1048576.0);

            assertTrue(server.process().isAlive());
            String log = server.logText();
            assertFalse(log.contains("Exception in thread"), "a thread died:\n" + log);
            assertFalse(log.contains("[ERROR]"), "the server logged an error:\n" + errors(log));
        }
    }

    /**
     * The same over CurveZMQ, as an allowed client key: the fuzz passes the handshake and reaches
     * the broker (worker commands from a client key are refused, as a rogue insider's would be).
     * Fewer messages than in plaintext: the encryption makes each one dearer.
     */
    @Test
    void curveFuzzedMessagesFromAnAllowedKeyLeaveTheServerServing() throws Exception {
        long seed = Long.getLong("titanic.fuzz.seed", System.nanoTime());
        System.out.println("FuzzEndToEndTest (CURVE) seed " + seed + " (replay: -Dtitanic.fuzz.seed=" + seed + ")");
        Path keys = work.resolve("keys");
        String serverKey = SecurityEndToEndTest.generate(keys, "server");
        SecurityEndToEndTest.generate(keys.resolve("clients"), "alice");
        SecurityEndToEndTest.generate(keys, "admin");
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        String config = "titanic.broker.max-message-size = 1MiB\n"
                + "titanic.broker.request-expiry = 2s\n"
                + "titanic.dispatcher.no-worker-timeout = 2s\n"
                + "titanic.security { curve = on, keys-dir = \"" + keys + "\", clients = [\"clients\"], admins = [\"admin\"] }\n";
        try (DistProcess server = DistProcess.start(work, config);
             MajordomoClient admin = new MajordomoClient(server.endpoint(), ClientOptions.builder()
                     .curve(SecurityEndToEndTest.credentials(keys, serverKey, "admin")).build());
             ZContext ctx = new ZContext()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "200".equals(PluginDropEndToEndTest.mmiService(admin, "echo")));
            HealthCheck check = new HealthCheck(admin);
            Fuzzer fuzzer = new Fuzzer(new FuzzSockets(SecurityEndToEndTest.credentials(keys, serverKey, "clients/alice")),
                    server.endpoint(), 8, MAX_MESSAGE_SIZE);
            long droppedBefore = check.brokerDropped().orElseThrow();

            FuzzReport report = fuzzer.run(ctx, CURVE_MESSAGES, seed);

            assertEquals(0, report.unconfirmed(), "the broker did not handle everything: " + report);
            assertEquals(List.of(), check.problems(), "server unhealthy after the CURVE fuzz with seed " + seed);
            long dropped = check.brokerDropped().orElseThrow() - droppedBefore;
            assertTrue(dropped > CURVE_MESSAGES / 4, "the broker counted only " + dropped + " malformed messages");
            System.out.printf(Locale.ROOT, "CURVE fuzz seed %d: sent %,d in %.1f s (%,.0f msg/s), broker dropped %,d%n",
                    seed, report.sent(), report.duration().toNanos() / 1e9, report.rate(), dropped);
            assertTrue(server.process().isAlive());
            String log = server.logText();
            assertFalse(log.contains("Exception in thread"), "a thread died:\n" + log);
            assertFalse(log.contains("[ERROR]"), "the server logged an error:\n" + errors(log));
        }
    }

    @Test
    void fuzzCommandPrintsItsFiguresAndPassesTheHealthCheck() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        try (DistProcess server = DistProcess.start(work, "titanic.broker.max-message-size = 1MiB\n");
             MajordomoClient client = new MajordomoClient(server.endpoint())) {
            await().atMost(Duration.ofSeconds(15)).until(() -> "200".equals(PluginDropEndToEndTest.mmiService(client, "echo")));
            DistProcess.Result result = DistProcess.cli(Duration.ofSeconds(90), "fuzz", "--broker", server.endpoint(),
                    "--messages", "3000", "--seed", "42", "--max-message-size", "1MiB",
                    "--pid", Long.toString(server.process().pid()));
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("seed 42"), result.output());
            assertTrue(result.output().contains("CLIENT_MUTATED"), result.output());
            assertTrue(result.output().contains("sent 3,000"), result.output());
            assertTrue(result.output().contains("broker dropped and counted"), result.output());
            assertTrue(result.output().contains("server heap after full GC"), result.output());
            assertTrue(result.output().contains("all ok"), result.output());
        }
    }

    /** The server's warnings, errors and DISCONNECTs: what explains an unhealthy server. */
    private static String warnings(String log) {
        return lines(log, line -> line.contains("[WARN") || line.contains("[ERROR]") || line.contains("DISCONNECT"));
    }

    private static String errors(String log) {
        return lines(log, line -> line.contains("[ERROR]") || line.startsWith("\tat ") || line.contains("Exception"));
    }

    private static String lines(String log, Predicate<String> keep) {
        StringBuilder b = new StringBuilder();
        for (String line : log.split("\n")) {
            if (keep.test(line)) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }
}
