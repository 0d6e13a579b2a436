package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static io.titanicmq.runtime.store.StoreTestSupport.texts;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write and fsync failures through a fault-injecting channel: the store goes FAILED (nothing more
 * is acknowledged, reads keep working) and, once the fault clears, recovers by itself: the probe
 * cuts what the failed batch left, starts a new segment, and appends are accepted again.
 */
@Timeout(60)
class FaultInjectionTest {

    private static final Duration RECOVERY = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final FaultyChannels channels = new FaultyChannels();
    private final RecordingMonitor monitor = new RecordingMonitor();
    private final RequestId acknowledged = RequestId.random();
    private final RequestId replied = RequestId.random();

    private JournalStore openWithAcknowledgedState() throws Exception {
        JournalStore store = JournalStore.open(settings(dir), monitor, channels);
        store.putRequest(acknowledged, "s", frames("kept"), "key").join();
        store.putRequest(replied, "s", frames("r"), null).join();
        store.putReply(replied, frames("the reply")).join();
        return store;
    }

    @Test
    void failedFsyncFailsTheFutureAndEveryMutationWhileTheFaultLasts() throws Exception {
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.fsyncBroken(true);
            CompletionException e = assertThrows(CompletionException.class,
                    () -> store.putRequest(RequestId.random(), "s", frames("lost?"), null).join());
            assertInstanceOf(StoreException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("FAILED"), e.getCause().getMessage());
            assertTrue(store.stats().failed());
            assertTrue(store.failure().orElseThrow().contains("fsync failure"), store.failure().toString());
            assertEquals(1, monitor.of("failed").size());

            CompletionException later = assertThrows(CompletionException.class, () -> store.close(acknowledged).join());
            assertTrue(later.getCause().getMessage().contains("FAILED"));
            assertThrows(CompletionException.class, () -> store.putReply(acknowledged, frames("no")).join());

            assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(acknowledged), "reads keep working");
            assertEquals(List.of("the reply"), texts(store.get(replied).orElseThrow()));
            channels.fsyncBroken(false);
        }
        assertAcknowledgedStateSurvivesReopen();
    }

    @Test
    void storeRecoversByItselfOnceFsyncWorksAgainAndNeverServesTheFailedRecord() throws Exception {
        RequestId lost = RequestId.random();
        RequestId after = RequestId.random();
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.fsyncBroken(true);
            assertThrows(CompletionException.class, () -> store.putRequest(lost, "s", frames("lost"), null).join());
            await().during(Duration.ofMillis(1500)).atMost(RECOVERY).until(() -> store.failure().isPresent());
            channels.fsyncBroken(false);

            await().atMost(RECOVERY).until(() -> store.failure().isEmpty());
            assertFalse(store.stats().failed());
            assertEquals(1, monitor.of("recovered").size(), monitor.reports.toString());
            store.putRequest(after, "s", frames("after"), null).join();
            store.close(replied).join();
            assertEquals(Optional.empty(), store.get(lost), "the refused request was never stored");
        }
        RecordingMonitor reopened = new RecordingMonitor();
        try (JournalStore store = open(settings(dir), reopened)) {
            assertEquals(Optional.empty(), store.get(lost));
            assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(after));
            assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(acknowledged));
            assertEquals(Optional.empty(), store.get(replied), "the close after recovery is durable");
        }
        reopened.assertClean();
    }

    @Test
    void failedWriteFailsTheStoreAndNothingUnacknowledgedIsServed() throws Exception {
        RequestId failed = RequestId.random();
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.diskFull(true);
            assertThrows(CompletionException.class, () -> store.putRequest(failed, "s", frames("x"), null).join());
            assertTrue(store.stats().failed());
            assertTrue(store.failure().orElseThrow().contains("No space left on device"), store.failure().toString());
            assertEquals(Optional.empty(), store.get(failed));
            channels.diskFull(false);
        }
        assertAcknowledgedStateSurvivesReopen();
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            assertEquals(Optional.empty(), store.get(failed));
        }
    }

    @Test
    void halfWrittenBatchIsCutByTheRecoveryProbeSoReopenFindsNoTornTail() throws Exception {
        RequestId torn = RequestId.random();
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.failWrite(1, true);
            assertThrows(CompletionException.class,
                    () -> store.putRequest(torn, "s", frames("x".repeat(400)), null).join());
            await().atMost(RECOVERY).until(() -> store.failure().isEmpty());
            store.putRequest(RequestId.random(), "s", frames("appends again"), null).join();
        }
        RecordingMonitor reopened = new RecordingMonitor();
        try (JournalStore store = open(settings(dir), reopened)) {
            assertEquals(Optional.empty(), store.get(torn));
            assertEquals(List.of("the reply"), texts(store.get(replied).orElseThrow()));
            assertFalse(store.stats().failed());
        }
        reopened.assertClean();
    }

    @Test
    void halfWrittenBatchLeftByACrashWhileFailedIsTruncatedAsTornTailOnReopen() throws Exception {
        RequestId torn = RequestId.random();
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.failWrite(1, true);
            channels.fsyncBroken(true); // the probe cannot cut it: as if the process died first
            assertThrows(CompletionException.class,
                    () -> store.putRequest(torn, "s", frames("x".repeat(400)), null).join());
        }
        channels.fsyncBroken(false);
        RecordingMonitor reopened = new RecordingMonitor();
        try (JournalStore store = open(settings(dir), reopened)) {
            assertEquals(Optional.empty(), store.get(torn));
            assertEquals(List.of("the reply"), texts(store.get(replied).orElseThrow()));
            store.putRequest(RequestId.random(), "s", frames("appends again"), null).join();
        }
        assertEquals(1, reopened.of("torn").size(), reopened.reports.toString());
    }

    @Test
    void afterAFailureAcrossSegmentRolloversExactlyTheAcknowledgedRequestsExist() throws Exception {
        StoreSettings small = settings(dir).withSegmentSize(4096);
        List<RequestId> ids = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        try (JournalStore store = JournalStore.open(small, monitor, channels)) {
            channels.failForce(3);
            for (int i = 0; i < 60; i++) {
                RequestId id = RequestId.random();
                ids.add(id);
                futures.add(store.putRequest(id, "s", frames("y".repeat(200)), null));
            }
            futures.forEach(f -> f.handle((ok, error) -> null).join());
            assertTrue(futures.stream().anyMatch(CompletableFuture::isCompletedExceptionally), "the fault hit");
            await().atMost(RECOVERY).until(() -> store.failure().isEmpty());
            for (int i = 0; i < 30; i++) {
                RequestId id = RequestId.random();
                ids.add(id);
                futures.add(store.putRequest(id, "s", frames("z".repeat(200)), null));
                futures.get(futures.size() - 1).join();
            }
            assertStoredExactlyTheAcknowledged(store, ids, futures);
        }
        RecordingMonitor reopened = new RecordingMonitor();
        try (JournalStore store = JournalStore.open(small, reopened, ChannelFactory.DEFAULT)) {
            assertStoredExactlyTheAcknowledged(store, ids, futures);
        }
        reopened.assertClean();
    }

    private static void assertStoredExactlyTheAcknowledged(JournalStore store, List<RequestId> ids,
                                                           List<CompletableFuture<Void>> futures) {
        int acknowledged = 0;
        for (int i = 0; i < ids.size(); i++) {
            boolean ok = !futures.get(i).isCompletedExceptionally();
            acknowledged += ok ? 1 : 0;
            assertEquals(ok, store.get(ids.get(i)).isPresent(), "request " + i + " acknowledged=" + ok);
        }
        assertEquals(acknowledged, store.stats().openRequests());
    }

    private void assertAcknowledgedStateSurvivesReopen() throws Exception {
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            assertFalse(store.stats().failed());
            assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(acknowledged));
            assertEquals(Optional.of(acknowledged), store.findByIdempotencyKey("key"));
            assertEquals(List.of("the reply"), texts(store.get(replied).orElseThrow()));
        }
    }
}
