package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static io.titanicmq.runtime.store.StoreTestSupport.texts;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ConcurrencyTest {

    @TempDir
    Path dir;

    @Test
    void repliesStayReadableWhileCompactionRewritesAndDeletesSegments() throws Exception {
        RecordingMonitor monitor = new RecordingMonitor();
        Set<RequestId> open = ConcurrentHashMap.newKeySet();
        StoreSettings settings = settings(dir).withSegmentSize(8192).withFsync(false);
        try (JournalStore store = open(settings, monitor)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        RequestId id = RequestId.random();
                        store.putRequest(id, "s", frames("body " + i, "p".repeat(100)), null).join();
                        store.putReply(id, frames("reply " + worker + "/" + i)).join();
                        assertEquals(List.of("reply " + worker + "/" + i), texts(store.get(id).orElseThrow()));
                        if (i % 10 == 0) {
                            open.add(id);
                        } else {
                            store.close(id).join();
                        }
                    }
                    return null;
                }));
            }
            Future<?> compacting = pool.submit(() -> {
                while (running.get()) {
                    store.compact();
                    for (RequestId id : open) {
                        assertTrue(texts(store.get(id).orElseThrow()).get(0).startsWith("reply "));
                    }
                }
                return null;
            });
            for (Future<?> worker : workers) {
                worker.get();
            }
            running.set(false);
            compacting.get();
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            store.compact();
            assertEquals(open.size(), store.stats().openRequests());
        }
        try (JournalStore store = open(settings, monitor)) {
            assertEquals(open.size(), store.stats().openRequests());
            for (RequestId id : open) {
                assertTrue(texts(store.get(id).orElseThrow()).get(0).startsWith("reply "));
            }
        }
        monitor.assertClean();
    }

    @Test
    void snapshotOfTheFilesTakenWhileWritingHoldsEveryAcknowledgedRequest() throws Exception {
        Set<RequestId> acknowledged = ConcurrentHashMap.newKeySet();
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Path live = dir.resolve("live");
        Set<RequestId> beforeCopy;
        try (JournalStore store = open(settings(live), new RecordingMonitor())) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            AtomicBoolean running = new AtomicBoolean(true);
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                writers.add(pool.submit(() -> {
                    while (running.get()) {
                        RequestId id = RequestId.random();
                        store.putRequest(id, "s", List.of(new byte[200]), null).join();
                        acknowledged.add(id);
                    }
                    return null;
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > 2000);
            beforeCopy = Set.copyOf(acknowledged);
            for (Path segment : JournalFiles.segments(live)) {
                Files.copy(segment, copy.resolve(segment.getFileName()));
            }
            running.set(false);
            for (Future<?> writer : writers) {
                writer.get();
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        try (JournalStore store = open(settings(copy), new RecordingMonitor())) {
            long missing = beforeCopy.stream().filter(id -> store.get(id).isEmpty()).count();
            assertEquals(0, missing, "acknowledged requests missing from the snapshot");
            assertTrue(store.stats().openRequests() >= beforeCopy.size());
        }
    }
}
