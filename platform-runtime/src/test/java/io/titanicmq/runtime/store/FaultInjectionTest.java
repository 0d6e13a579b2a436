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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FaultInjectionTest {

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
    void failedFsyncFailsTheFutureAndEveryLaterMutationUntilReopen() throws Exception {
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.failForce(1);
            CompletionException e = assertThrows(CompletionException.class,
                    () -> store.putRequest(RequestId.random(), "s", frames("lost?"), null).join());
            assertInstanceOf(StoreException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("FAILED"), e.getCause().getMessage());
            assertTrue(store.stats().failed());
            assertEquals(1, monitor.of("failed").size());

            CompletionException later = assertThrows(CompletionException.class, () -> store.close(acknowledged).join());
            assertTrue(later.getCause().getMessage().contains("FAILED"));
            assertThrows(CompletionException.class, () -> store.putReply(acknowledged, frames("no")).join());

            assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(acknowledged), "reads keep working");
            assertEquals(List.of("the reply"), texts(store.get(replied).orElseThrow()));
        }
        assertAcknowledgedStateSurvivesReopen();
    }

    @Test
    void failedWriteFailsTheStoreAndNothingUnacknowledgedIsServed() throws Exception {
        RequestId failed = RequestId.random();
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.failWrite(1, false);
            assertThrows(CompletionException.class, () -> store.putRequest(failed, "s", frames("x"), null).join());
            assertTrue(store.stats().failed());
            assertEquals(Optional.empty(), store.get(failed));
        }
        assertAcknowledgedStateSurvivesReopen();
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            assertEquals(Optional.empty(), store.get(failed));
        }
    }

    @Test
    void halfWrittenBatchIsTruncatedAsTornTailOnReopen() throws Exception {
        RequestId torn = RequestId.random();
        try (JournalStore store = openWithAcknowledgedState()) {
            channels.failWrite(1, true);
            assertThrows(CompletionException.class,
                    () -> store.putRequest(torn, "s", frames("x".repeat(400)), null).join());
        }
        RecordingMonitor reopened = new RecordingMonitor();
        try (JournalStore store = open(settings(dir), reopened)) {
            assertEquals(Optional.empty(), store.get(torn));
            assertEquals(List.of("the reply"), texts(store.get(replied).orElseThrow()));
            assertFalse(store.stats().failed());
            store.putRequest(RequestId.random(), "s", frames("appends again"), null).join();
        }
        assertEquals(1, reopened.of("torn").size(), reopened.reports.toString());
    }

    @Test
    void failedSegmentRolloverFailsTheStore() throws Exception {
        try (JournalStore store = JournalStore.open(settings(dir).withSegmentSize(4096), monitor, channels)) {
            store.putRequest(acknowledged, "s", frames("kept"), "key").join();
            store.putRequest(replied, "s", frames("r"), null).join();
            store.putReply(replied, frames("the reply")).join();
            channels.failForce(2);
            CompletionException e = assertThrows(CompletionException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    store.putRequest(RequestId.random(), "s", frames("y".repeat(200)), null).join();
                }
            });
            assertInstanceOf(StoreException.class, e.getCause());
            assertTrue(store.stats().failed());
        }
        assertAcknowledgedStateSurvivesReopen();
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
