package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * kill -9 of the server process, several times, mid-load (while requests are accepted,
 * dispatched to the echo plug-in and replies stored); restarted each time on the same data dir.
 * Afterwards every request that was acknowledged with a uuid yields its correct reply.
 */
@Timeout(300)
class CrashRecoveryTest {

    private static final int CYCLES = 4;
    private static final Pattern RECOVERED = Pattern.compile("(\\d+) recovered request\\(s\\) re-queued");

    @TempDir
    Path work;

    @Test
    void everyAcknowledgedRequestYieldsItsReplyAcrossKill9Cycles() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        Map<String, String> acked = new ConcurrentHashMap<>();
        int recovered = 0;
        AtomicInteger sequence = new AtomicInteger();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            DistProcess server = DistProcess.start(work, "");
            recovered += recoveredCount(server);
            try (ZContext ctx = new ZContext();
                 MajordomoClient mdp = new MajordomoClient(ctx, server.endpoint(),
                         ClientOptions.builder().timeout(Duration.ofSeconds(1)).retries(1).slots(32).build())) {
                AtomicBoolean stop = new AtomicBoolean();
                CompletableFuture<Void> load = CompletableFuture.runAsync(() -> submitUntilStopped(mdp, stop, sequence, acked));
                int ackedBefore = acked.size();
                // kill once this cycle has had some acknowledgements, at a random point in the load
                int target = ackedBefore + 200 + ThreadLocalRandom.current().nextInt(1500);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5)).until(() -> acked.size() >= target);
                server.kill();
                stop.set(true);
                load.join();
            }
        }
        DistProcess server = DistProcess.start(work, "");
        recovered += recoveredCount(server);
        int ok = 0;
        try (TitanicClient titanic = new TitanicClient(server.endpoint())) {
            for (Map.Entry<String, String> e : acked.entrySet()) {
                ReplyResult r = titanic.waitForReply(e.getKey(), Duration.ofSeconds(60));
                assertEquals(ReplyResult.Kind.READY, r.kind(), "acknowledged request " + e.getKey() + " lost: " + r);
                List<byte[]> frames = ((ReplyResult.Ready) r).frames();
                assertEquals(e.getValue(), new String(frames.get(0), StandardCharsets.UTF_8), "reply of " + e.getKey());
                ok++;
            }
        } finally {
            server.close();
        }
        System.out.printf("crash test: %d kill -9 cycles, acked=%d, correct replies=%d, lost=%d, recovered-at-restart=%d%n",
                CYCLES, acked.size(), ok, acked.size() - ok, recovered);
        assertTrue(acked.size() > CYCLES * 200, "load too small: " + acked.size());
        assertTrue(Files.isDirectory(work.resolve("data/journal")), "the journal follows TITANIC_DATA_DIR");
    }

    private static void submitUntilStopped(MajordomoClient mdp, AtomicBoolean stop, AtomicInteger sequence,
                                           Map<String, String> acked) {
        List<CompletableFuture<?>> window = new ArrayList<>();
        while (!stop.get()) {
            window.removeIf(CompletableFuture::isDone);
            if (window.size() >= 64) {
                CompletableFuture.anyOf(window.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
                continue;
            }
            String body = "req-" + sequence.incrementAndGet() + "-" + "x".repeat(ThreadLocalRandom.current().nextInt(200));
            CompletableFuture<List<byte[]>> f = mdp.send("titanic.request",
                    List.of("echo".getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
            window.add(f.thenAccept(answer -> {
                if ("200".equals(new String(answer.get(0), StandardCharsets.UTF_8))) {
                    acked.put(new String(answer.get(1), StandardCharsets.US_ASCII), body);
                }
            }));
        }
        window.forEach(f -> f.exceptionally(e -> null).join());
    }

    private static int recoveredCount(DistProcess server) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> RECOVERED.matcher(server.logText()).find());
        Matcher m = RECOVERED.matcher(server.logText());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    @Test
    void poisonRequestsSurviveRestartAndStopNothing() throws Exception {
        String empty;
        String later;
        try (DistProcess server = DistProcess.start(work, "");
             TitanicClient titanic = new TitanicClient(server.endpoint())) {
            empty = titanic.request("echo", List.of());
            later = titanic.request("echo", List.of("after-poison".getBytes(StandardCharsets.UTF_8)));
            server.kill();
        }
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        try (DistProcess server = DistProcess.start(work, "");
             TitanicClient titanic = new TitanicClient(server.endpoint())) {
            ReplyResult r1 = titanic.waitForReply(empty, Duration.ofSeconds(30));
            assertEquals(ReplyResult.Kind.READY, r1.kind(), r1.toString());
            List<byte[]> frames = ((ReplyResult.Ready) r1).frames();
            assertEquals(1, frames.size());
            assertEquals(0, frames.get(0).length, "an empty request travels to the worker as one empty frame");
            ReplyResult r2 = titanic.waitForReply(later, Duration.ofSeconds(30));
            assertEquals("after-poison", new String(((ReplyResult.Ready) r2).frames().get(0), StandardCharsets.UTF_8));
        }
    }
}
