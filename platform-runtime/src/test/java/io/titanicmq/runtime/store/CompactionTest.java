package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static io.titanicmq.runtime.store.StoreTestSupport.texts;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CompactionTest {

    @TempDir
    Path dir;

    private final RecordingMonitor monitor = new RecordingMonitor();

    /** Small segments; fsync off to keep the suite fast (one test below runs with it on). */
    private StoreSettings small() {
        return settings(dir).withSegmentSize(8192).withFsync(false);
    }

    private List<RequestId> fill(JournalStore store, int count) {
        List<RequestId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RequestId id = RequestId.random();
            ids.add(id);
            store.putRequest(id, "s", frames("body " + i, "p".repeat(150)), null).join();
            store.markDispatched(id, 1).join();
            store.putReply(id, frames("reply " + i)).join();
        }
        return ids;
    }

    @Test
    void closingEverythingLetsCompactionDeleteAllButAnEmptySegment() throws Exception {
        try (JournalStore store = open(small().withFsync(true), monitor)) {
            List<RequestId> ids = fill(store, 300);
            long full = store.stats().bytesOnDisk();
            assertTrue(store.stats().segments() > 10, store.stats().toString());
            ids.forEach(id -> store.close(id).join());
            store.compact();
            StoreStats stats = store.stats();
            assertEquals(1, stats.segments(), stats.toString());
            assertEquals(SegmentFile.HEADER_SIZE, stats.bytesOnDisk(), "from " + full + ": " + stats);
            assertEquals(stats.bytesOnDisk(), JournalFiles.directorySize(dir));
        }
        try (JournalStore store = open(small(), monitor)) {
            assertEquals(0, store.stats().openRequests());
        }
        monitor.assertClean();
    }

    @Test
    void anIdleStoreShrinksToNearNothingWithoutExplicitCompaction() throws Exception {
        StoreSettings settings = new StoreSettings("journal", dir, 64L << 20, 1 << 20, false, Duration.ofDays(7),
                1024, 0.25, Duration.ofMillis(100), 512, 16);
        try (JournalStore store = open(settings, monitor)) {
            List<RequestId> ids = fill(store, 5000);
            assertTrue(store.stats().bytesOnDisk() > Compactor.IDLE_ROLL_BYTES, store.stats().toString());
            ids.forEach(id -> store.close(id).join());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> store.stats().bytesOnDisk() < 64 * 1024);
            assertEquals(store.stats().bytesOnDisk(), JournalFiles.directorySize(dir));
        }
        monitor.assertClean();
    }

    @Test
    void rolloverCompactsClosedSegmentsByItself() throws Exception {
        try (JournalStore store = open(small(), monitor)) {
            int mostSegments = 0;
            for (int round = 0; round < 10; round++) {
                fill(store, 100).forEach(id -> store.close(id).join());
                mostSegments = Math.max(mostSegments, store.stats().segments());
            }
            // one round writes about 4 segments of 8 KiB; 10 rounds about 40
            assertTrue(mostSegments <= 8, "segments stay bounded without explicit compaction: " + mostSegments);
            assertEquals(store.stats().bytesOnDisk(), JournalFiles.directorySize(dir));
        }
        monitor.assertClean();
    }

    @Test
    void liveRecordsAreCopiedForwardAndClosedOnesStayClosedAfterReopen() throws Exception {
        List<RequestId> keep = new ArrayList<>();
        List<RequestId> gone = new ArrayList<>();
        RequestId pending = RequestId.random();
        try (JournalStore store = open(small(), monitor)) {
            store.putRequest(pending, "s", frames("still waiting"), "k").join();
            store.markDispatched(pending, 3).join();
            List<RequestId> ids = fill(store, 300);
            for (int i = 0; i < ids.size(); i++) {
                (i % 37 == 0 ? keep : gone).add(ids.get(i));
            }
            gone.forEach(id -> store.close(id).join());
            long before = store.stats().segments();
            store.compact();
            assertTrue(store.stats().segments() < before / 3, before + " -> " + store.stats());
            assertEquals(store.stats().bytesOnDisk(), JournalFiles.directorySize(dir));
            assertRequestsIntact(store, keep, gone, pending);
        }
        try (JournalStore store = open(small(), monitor)) {
            assertRequestsIntact(store, keep, gone, pending);
            keep.forEach(id -> store.close(id).join());
            store.close(pending).join();
            store.compact();
            assertEquals(SegmentFile.HEADER_SIZE, store.stats().bytesOnDisk(), store.stats().toString());
        }
        monitor.assertClean();
    }

    @Test
    void segmentHoldingOnlyClosesIsKeptWhileTheRequestsItClosesAreStillOnDisk() throws Exception {
        List<RequestId> open = new ArrayList<>();
        List<RequestId> closed = new ArrayList<>();
        try (JournalStore store = open(small(), monitor)) {
            List<RequestId> ids = fill(store, 100);
            for (int i = 0; i < ids.size(); i++) {
                (i % 2 == 0 ? open : closed).add(ids.get(i));
            }
            closed.forEach(id -> store.close(id).join());
            for (int i = 0; i < 100; i++) {
                RequestId filler = RequestId.random();
                store.putRequest(filler, "s", frames("p".repeat(150)), null).join();
                store.close(filler).join();
            }
            store.compact();
        }
        try (JournalStore store = open(small(), monitor)) {
            for (RequestId id : closed) {
                assertEquals(Optional.empty(), store.get(id), "closed request resurrected");
            }
            assertEquals(open.size(), store.stats().openRequests());
        }
        monitor.assertClean();
    }

    private static void assertRequestsIntact(JournalStore store, List<RequestId> keep, List<RequestId> gone,
                                             RequestId pending) throws StoreException {
        for (RequestId id : keep) {
            assertTrue(texts(store.get(id).orElseThrow()).get(0).startsWith("reply "));
        }
        for (RequestId id : gone) {
            assertEquals(Optional.empty(), store.get(id), "closed request resurrected");
        }
        assertEquals(Optional.of(new RequestState.Pending("s", 3)), store.get(pending));
        assertEquals(Optional.of(pending), store.findByIdempotencyKey("k"));
        List<PendingRequest> requeue = store.pending();
        assertEquals(1, requeue.size());
        assertEquals(List.of("still waiting"), texts(store.requestBody(pending).orElseThrow()));
        assertEquals(keep.size() + 1, store.stats().openRequests());
    }

    @Test
    void requestsOlderThanRetentionAreClosedByCompaction() throws Exception {
        try (JournalStore store = open(small().withRetention(Duration.ofMillis(50)), monitor)) {
            RequestId old = RequestId.random();
            store.putRequest(old, "s", frames("old"), null).join();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                store.compact();
                return store.get(old).isEmpty();
            });
            assertEquals(0, store.stats().openRequests());
        }
    }
}
