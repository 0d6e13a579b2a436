package io.titanicmq.tests;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.client.TitanicClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * kill -9 of the real dist process, {@code crash.cycles} times (20 by default; more with
 * {@code -Dcrash.cycles=100}), each at a random point of a mixed load: requests submitted,
 * dispatched to the echo plug-in and replied, replies fetched and checked, about half of them
 * closed, all at once. The server restarts on the same data dir each cycle. Afterwards: no
 * acknowledged request lost, no reply that is not its request's, closed requests stay closed.
 *
 * <p>Segments are small (64 KiB) and compaction runs every 500 ms, and most bodies are large enough
 * to be stored gzip-compressed, so kills also land in segment rollovers, compaction rewrites and
 * compressed appends.
 *
 * <p>The kill point is a random number of client events (acknowledgements plus replies checked)
 * into the cycle, from 0 (kill while the restarted server is still re-queueing what it recovered)
 * up to {@value #MAX_EVENTS_BEFORE_KILL}.
 */
@Timeout(1800)
class MixedLoadCrashCyclesTest {

    private static final int CYCLES = Integer.getInteger("crash.cycles", 20);
    private static final int MAX_EVENTS_BEFORE_KILL = 800;
    /** Small segments and frequent compaction, so kills also land in rollovers and segment rewrites. */
    private static final String STORE_CONFIG = "titanic.store.segment-size = 64KiB\n"
            + "titanic.store.compaction-interval = 500ms\n";
    private static final ClientOptions LOAD_CLIENT = ClientOptions.builder()
            .timeout(Duration.ofSeconds(1)).retries(0).slots(48).build();

    @TempDir
    Path work;

    @Test
    void nothingAcknowledgedIsLostNorCorruptedAcrossKill9CyclesUnderMixedLoad() throws Exception {
        Files.createDirectories(work.resolve("plugins"));
        Files.copy(PluginDropEndToEndTest.echoJar(), work.resolve("plugins/echo.jar"));
        CrashLedger ledger = new CrashLedger();
        MixedLoad load = new MixedLoad(ledger);
        Restarts restarts = new Restarts();
        long started = System.nanoTime();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            DistProcess server = restarts.start(work, STORE_CONFIG);
            int eventsAtStart = ledger.events();
            int killAfter = ThreadLocalRandom.current().nextInt(MAX_EVENTS_BEFORE_KILL + 1);
            try (ZContext ctx = new ZContext();
                 MajordomoClient mdp = new MajordomoClient(ctx, server.endpoint(), LOAD_CLIENT)) {
                MixedLoad.Run run = load.start(mdp);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                        .until(() -> ledger.events() - eventsAtStart >= killAfter);
                server.kill();
                run.stop();
            }
            restarts.record(server);
        }
        CrashLedger.Verdict verdict;
        try (DistProcess server = restarts.start(work, STORE_CONFIG);
             TitanicClient titanic = new TitanicClient(server.endpoint())) {
            server.awaitRecovered();
            restarts.record(server);
            verdict = ledger.verifyAll(titanic, Duration.ofSeconds(60));
        }
        System.out.printf("mixed-load crash cycles: %d kill -9 cycles in %d s (server start %d ms on average);"
                        + " acked=%d, replies verified=%d (distinct %d, after the crashes %d), closed=%d (still closed %d,"
                        + " resurrected %d, close in doubt %d), lost=%d, corrupt=%d; journal at restart: torn tails"
                        + " truncated %d, corrupt records %d; re-queued per restart (possible re-executions)=%s;"
                        + " journal segments/size per restart=%s%n",
                CYCLES, Duration.ofNanos(System.nanoTime() - started).toSeconds(), restarts.averageStartMillis(),
                verdict.acked(), verdict.repliesChecked(), verdict.verified(), verdict.finalReplies(), verdict.closed(),
                verdict.closedStayed(), verdict.resurrected(), verdict.closeInDoubt(), verdict.lost(), verdict.corrupt(),
                restarts.tornTails(), restarts.corruptRecords().size(), restarts.requeued(), restarts.segments());
        assertEquals(List.of(), verdict.problems(), "problems found");
        assertEquals(List.of(), restarts.corruptRecords(), "corrupt journal records reported at restart");
        assertEquals(0, verdict.lost(), "acknowledged requests lost");
        assertEquals(0, verdict.corrupt(), "corrupt replies");
        assertEquals(0, verdict.resurrected(), "closed requests that came back");
        assertTrue(verdict.acked() >= CYCLES * 20, "load too small to mean anything: " + verdict.acked() + " acked");
        assertTrue(Files.isDirectory(work.resolve("data/journal")), "the journal follows TITANIC_DATA_DIR");
        assertTrue(verdict.closed() > 0 && verdict.repliesChecked() > verdict.closed(), "no mixed load: " + verdict);
    }
}
