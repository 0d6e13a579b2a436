package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void concurrentRequestsShareFsyncsAndAllSurviveReopen() throws Exception {
        int threads = 8;
        int perThread = 500;
        RecordingMonitor monitor = new RecordingMonitor();
        ConcurrentLinkedQueue<RequestId> ids = new ConcurrentLinkedQueue<>();
        try (JournalStore store = open(settings(dir), monitor)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            List<java.util.concurrent.Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                submitted.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Void>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        RequestId id = RequestId.random();
                        ids.add(id);
                        mine.add(store.putRequest(id, "s", List.of(new byte[200]), null));
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (var future : submitted) {
                all.addAll(future.get());
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            StoreStats stats = store.stats();
            assertEquals(threads * perThread, stats.records());
            assertTrue(stats.fsyncs() < stats.records() / 4, "group commit shares fsyncs: " + stats);
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(threads * perThread, store.stats().pendingRequests());
            for (RequestId id : ids) {
                assertTrue(store.get(id).isPresent());
            }
        }
        monitor.assertClean();
    }

    @Test
    void aStateIsVisibleOnceItsFutureCompletes() throws Exception {
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            for (int i = 0; i < 200; i++) {
                RequestId id = RequestId.random();
                store.putRequest(id, "s", frames("x"), null).thenRun(() -> {
                    if (store.get(id).isEmpty()) {
                        throw new AssertionError("acknowledged before indexed: " + id);
                    }
                }).join();
            }
        }
    }

    /**
     * Appends one thread makes inside {@code holdingAppends} reach the writer as one group: none is
     * written while held, and then a single fsync covers them all. Without the hold the writer
     * wakes on the first append and fsyncs the rest in many small groups behind it.
     */
    @Test
    void appendsHeldByAThreadShareOneFsync() throws Exception {
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            long fsyncsBefore = store.stats().fsyncs();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            store.holdingAppends(() -> {
                for (int i = 0; i < 2_000; i++) {
                    all.add(store.putRequest(RequestId.random(), "s", frames("held " + i), null));
                }
                assertTrue(all.stream().noneMatch(CompletableFuture::isDone), "nothing is written while held");
            });
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
            assertEquals(1, store.stats().fsyncs() - fsyncsBefore, "one fsync for the whole held group");
            assertEquals(2_000, store.stats().openRequests());
        }
    }

    /**
     * A thread's holds one after the other (the broker holds once per turn) each queue their own
     * appends together, and a hold nested in another ends with the outer one.
     */
    @Test
    void successiveAndNestedHoldsOfAThreadEachShareOneFsync() throws Exception {
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            for (int hold = 0; hold < 3; hold++) {
                long fsyncsBefore = store.stats().fsyncs();
                List<CompletableFuture<Void>> all = new ArrayList<>();
                store.holdingAppends(() -> {
                    for (int i = 0; i < 500; i++) {
                        all.add(store.putRequest(RequestId.random(), "s", frames("outer " + i), null));
                    }
                    store.holdingAppends(() -> {
                        for (int i = 0; i < 500; i++) {
                            all.add(store.putRequest(RequestId.random(), "s", frames("inner " + i), null));
                        }
                    });
                    assertTrue(all.stream().noneMatch(CompletableFuture::isDone), "the inner hold waits for the outer");
                });
                CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
                assertEquals(1, store.stats().fsyncs() - fsyncsBefore, "hold " + hold + ": one fsync");
            }
            assertEquals(3_000, store.stats().openRequests());
            CompletableFuture<Void> alone = store.putRequest(RequestId.random(), "s", frames("not held"), null);
            alone.join();
            assertEquals(3_001, store.stats().openRequests(), "outside a hold an append goes straight to the writer");
        }
    }

    /** The futures of one durable group complete inside one call of the store's completion scope. */
    @Test
    void aGroupsCompletionsRunInsideOneScope() throws Exception {
        int requests = 2_000;
        java.util.concurrent.atomic.AtomicInteger scopes = new java.util.concurrent.atomic.AtomicInteger();
        ThreadLocal<Boolean> inScope = ThreadLocal.withInitial(() -> false);
        java.util.concurrent.atomic.AtomicInteger outside = new java.util.concurrent.atomic.AtomicInteger();
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            store.completeIn(completions -> {
                scopes.incrementAndGet();
                inScope.set(true);
                try {
                    completions.run();
                } finally {
                    inScope.set(false);
                }
            });
            List<CompletableFuture<Void>> all = new ArrayList<>();
            Thread test = Thread.currentThread();
            for (int i = 0; i < requests; i++) {
                // A future the writer completed before this thread attached the callback runs it
                // here, at once: that is not a completion the writer ran, so it is not judged.
                all.add(store.putRequest(RequestId.random(), "s", List.of(new byte[200]), null).whenComplete((ok, e) -> {
                    if (Thread.currentThread() != test && !inScope.get()) {
                        outside.incrementAndGet();
                    }
                }));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).join();
            assertEquals(0, outside.get(), "completions run outside the scope");
            long fsyncs = store.stats().fsyncs();
            assertTrue(scopes.get() <= fsyncs, "one scope per durable group at most: " + scopes + " scopes, "
                    + fsyncs + " fsyncs");
            assertTrue(scopes.get() < requests / 4, "groups share a scope: " + scopes + " for " + requests);
        }
    }
}
