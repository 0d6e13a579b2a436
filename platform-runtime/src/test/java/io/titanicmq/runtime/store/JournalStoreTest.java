package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static io.titanicmq.runtime.store.StoreTestSupport.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class JournalStoreTest {

    @TempDir
    Path dir;

    private final RecordingMonitor monitor = new RecordingMonitor();

    @Test
    void requestDispatchReplyAndCloseRoundTrip() throws Exception {
        try (JournalStore store = open(settings(dir), monitor)) {
            RequestId id = RequestId.random();
            store.putRequest(id, "echo", frames("hello", "world"), null).join();
            assertEquals(Optional.of(new RequestState.Pending("echo", 0)), store.get(id));
            store.markDispatched(id, 1).join();
            assertEquals(Optional.of(new RequestState.Pending("echo", 1)), store.get(id));
            store.putReply(id, frames("HELLO", "WORLD")).join();
            assertEquals(List.of("HELLO", "WORLD"), texts(store.get(id).orElseThrow()));
            store.close(id).join();
            assertEquals(Optional.empty(), store.get(id));
            assertEquals(0, store.stats().openRequests());
        }
        monitor.assertClean();
    }

    /** Queued bodies beyond the dispatcher's memory budget are read back: intact, or a clear failure, never garbage. */
    @Test
    void requestBodyIsReadBackFromDiskAndADamagedOneFailsWithWhereItIs() throws Exception {
        RequestId intact = RequestId.random();
        RequestId damaged = RequestId.random();
        try (JournalStore store = open(settings(dir), monitor)) {
            store.putRequest(intact, "echo", frames("kept", "on disk"), null).join();
            store.putRequest(damaged, "echo", frames("to be damaged"), null).join();
            assertEquals(List.of("kept", "on disk"), texts(store.requestBody(intact).orElseThrow()));
            Path segment = JournalFiles.lastSegment(dir);
            List<Long> frames = JournalFiles.frameOffsets(segment);
            JournalFiles.flipByte(segment, frames.get(frames.size() - 1) + RecordFrame.HEADER_SIZE + 3);

            StoreException failure = assertThrows(StoreException.class, () -> store.requestBody(damaged));
            assertTrue(failure.getMessage().contains(damaged.hex()), failure.getMessage());
            assertEquals(1, monitor.of("corrupt").size(), "reported with segment and offset: " + monitor.reports);
            assertEquals(List.of("kept", "on disk"), texts(store.requestBody(intact).orElseThrow()));
            store.close(intact).join();
            assertEquals(Optional.empty(), store.requestBody(intact), "closed: no body");
            assertEquals(Optional.empty(), store.requestBody(RequestId.random()), "unknown: no body");
        }
    }

    @Test
    void answersFromMemoryUnlessAReplyMustBeReadBackFromDisk() throws Exception {
        StoreSettings oneCached = new StoreSettings("journal", dir, 1 << 20, 1 << 20, true, java.time.Duration.ZERO,
                1024, 0.25, java.time.Duration.ofMinutes(1), 512, 1);
        RequestId first = RequestId.random();
        RequestId second = RequestId.random();
        try (JournalStore store = open(oneCached, monitor)) {
            assertTrue(store.answersFromMemory(first), "unknown: answered from the index");
            store.putRequest(first, "echo", frames("one"), null).join();
            store.putRequest(second, "echo", frames("two"), null).join();
            assertTrue(store.answersFromMemory(first), "pending: answered from the index");
            store.putReply(first, frames("ONE")).join();
            assertTrue(store.answersFromMemory(first), "a reply is cached as its record is applied");
            store.putReply(second, frames("TWO")).join();
            assertFalse(store.answersFromMemory(first), "evicted by the next reply: only on disk");
            assertEquals(List.of("ONE"), texts(store.get(first).orElseThrow()));
            assertTrue(store.answersFromMemory(first), "read back once, then cached");
        }
        monitor.assertClean();
    }

    @Test
    void reopenRecoversPendingRepliedFailedAndClosedState() throws Exception {
        RequestId pending = RequestId.random();
        RequestId replied = RequestId.random();
        RequestId failed = RequestId.random();
        RequestId closed = RequestId.random();
        try (JournalStore store = open(settings(dir), monitor)) {
            store.putRequest(pending, "a", frames("p"), null).join();
            store.markDispatched(pending, 2).join();
            store.putRequest(replied, "b", frames("r"), null).join();
            store.putReply(replied, frames("reply", "")).join();
            store.putRequest(failed, "c", frames("f"), null).join();
            store.putFailure(failed, "worker kept crashing").join();
            store.putRequest(closed, "d", frames("c"), null).join();
            store.putReply(closed, frames("gone")).join();
            store.close(closed).join();
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.of(new RequestState.Pending("a", 2)), store.get(pending));
            assertEquals(List.of("reply", ""), texts(store.get(replied).orElseThrow()));
            assertEquals(Optional.of(new RequestState.Failed("worker kept crashing")), store.get(failed));
            assertEquals(Optional.empty(), store.get(closed));
            List<PendingRequest> requeue = store.pending();
            assertEquals(1, requeue.size());
            assertEquals(pending, requeue.get(0).id());
            assertEquals(List.of("p"), texts(store.requestBody(pending).orElseThrow()));
            assertEquals(2, requeue.get(0).attempts());
            assertEquals(3, store.stats().openRequests());
            assertEquals(1, store.stats().pendingRequests());
        }
        monitor.assertClean();
    }

    @Test
    void pendingKeepsSubmissionOrderAcrossReopen() throws Exception {
        List<RequestId> ids = new java.util.ArrayList<>();
        try (JournalStore store = open(settings(dir), monitor)) {
            for (int i = 0; i < 50; i++) {
                RequestId id = RequestId.random();
                ids.add(id);
                store.putRequest(id, "s", frames("body " + i), null).join();
            }
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            RequestId later = RequestId.random();
            store.putRequest(later, "s", frames("after reopen"), null).join();
            ids.add(later);
            assertEquals(ids, store.pending().stream().map(PendingRequest::id).toList());
        }
    }

    @Test
    void idempotencyKeyLookupSurvivesReopenAndEndsWithClose() throws Exception {
        RequestId id = RequestId.random();
        try (JournalStore store = open(settings(dir), monitor)) {
            store.putRequest(id, "s", frames("x"), "client-7/42").join();
            assertEquals(Optional.of(id), store.findByIdempotencyKey("client-7/42"));
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.of(id), store.findByIdempotencyKey("client-7/42"));
            assertEquals(Optional.empty(), store.findByIdempotencyKey("client-7/43"));
            store.close(id).join();
            assertEquals(Optional.empty(), store.findByIdempotencyKey("client-7/42"));
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.empty(), store.findByIdempotencyKey("client-7/42"));
        }
    }

    @Test
    void firstOutcomeWinsAndCloseIsIdempotent() throws Exception {
        try (JournalStore store = open(settings(dir), monitor)) {
            RequestId id = RequestId.random();
            store.putRequest(id, "s", frames("x"), null).join();
            store.putReply(id, frames("first")).join();
            store.putReply(id, frames("second")).join();
            store.putFailure(id, "late failure").join();
            assertEquals(List.of("first"), texts(store.get(id).orElseThrow()));
            store.close(id).join();
            store.close(id).join();
            store.close(RequestId.random()).join();
        }
    }

    @Test
    void mutationsOfUnknownRequestsFailWithoutFailingTheStore() throws Exception {
        try (JournalStore store = open(settings(dir), monitor)) {
            RequestId unknown = RequestId.random();
            CompletionException e = assertThrows(CompletionException.class, () -> store.putReply(unknown, frames("r")).join());
            assertInstanceOf(StoreException.class, e.getCause());
            assertThrows(CompletionException.class, () -> store.markDispatched(unknown, 1).join());
            assertThrows(CompletionException.class, () -> store.putFailure(unknown, "x").join());
            assertFalse(store.stats().failed());
            store.putRequest(RequestId.random(), "s", frames("still works"), null).join();
        }
    }

    @Test
    void recordLargerThanMaxRecordSizeIsRefusedAndStoreStaysHealthy() throws Exception {
        try (JournalStore store = open(settings(dir).withMaxRecordSize(4096), monitor)) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> store.putRequest(RequestId.random(), "s", List.of(new byte[5000]), null).join());
            assertTrue(e.getCause().getMessage().contains("max-record-size"), e.getCause().getMessage());
            assertFalse(store.stats().failed());
        }
    }

    @Test
    void largeCompressibleReplyIsStoredCompressedAndReadBackAfterReopen() throws Exception {
        RequestId id = RequestId.random();
        byte[] big = new byte[2_000_000];
        Arrays.fill(big, (byte) 'z');
        try (JournalStore store = open(settings(dir), monitor)) {
            store.putRequest(id, "s", frames("x"), null).join();
            store.putReply(id, List.of(big, new byte[] {1})).join();
            assertTrue(store.stats().bytesOnDisk() < 100_000, "reply stored compressed: " + store.stats());
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            List<byte[]> reply = ((RequestState.Replied) store.get(id).orElseThrow()).frames();
            assertTrue(Arrays.equals(big, reply.get(0)));
            assertTrue(Arrays.equals(new byte[] {1}, reply.get(1)));
        }
        monitor.assertClean();
    }

    @Test
    void directoryIsLockedWhileOpen() throws Exception {
        try (JournalStore store = open(settings(dir), monitor)) {
            StoreException e = assertThrows(StoreException.class, () -> open(settings(dir), monitor));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertFalse(store.stats().failed(), "the first store is unaffected");
        }
        open(settings(dir), monitor).close();
    }

    @Test
    void mutationsAfterCloseFailFast() throws Exception {
        JournalStore store = open(settings(dir), monitor);
        store.close();
        CompletionException e = assertThrows(CompletionException.class,
                () -> store.putRequest(RequestId.random(), "s", frames("x"), null).join());
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
    }

    @Test
    void closingFromAFutureCallbackStopsTheWriterWithoutDeadlock() throws Exception {
        RequestId id = RequestId.random();
        JournalStore store = open(settings(dir), monitor);
        store.putRequest(id, "s", frames("x"), null).thenRun(store::close).join();
        assertThrows(CompletionException.class, () -> store.putRequest(RequestId.random(), "s", frames("y"), null).join());
        try (JournalStore reopened = open(settings(dir), monitor)) {
            assertEquals(Optional.of(new RequestState.Pending("s", 0)), reopened.get(id));
        }
    }
}
