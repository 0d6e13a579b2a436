package io.titanicmq.runtime.titanic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.StoreException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A reply the store refuses (FAILED during a disk fault) is kept and stored once the store takes it. */
@Timeout(30)
class OutcomeWriterTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-outcome-timer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Optional<RequestState>> state =
            new AtomicReference<>(Optional.of(new RequestState.Pending("echo", 1)));

    /** A store whose only used method, {@code get}, answers {@link #state}. */
    private RequestStore store() {
        return (RequestStore) Proxy.newProxyInstance(RequestStore.class.getClassLoader(), new Class<?>[] {RequestStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("get")) {
                        return state.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void refusedWriteIsRetriedUntilTheStoreTakesIt() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        CompletableFuture<Void> done = new OutcomeWriter(store(), timer).write(RequestId.random(), "reply",
                () -> tries.incrementAndGet() < 3
                        ? CompletableFuture.failedFuture(new StoreException("Journal x is FAILED: disk full"))
                        : CompletableFuture.completedFuture(null));
        done.get(10, TimeUnit.SECONDS);
        assertEquals(3, tries.get(), "two refusals, then stored");
    }

    @Test
    void retriesStopOnceTheRequestIsClosed() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        CompletableFuture<Void> done = new OutcomeWriter(store(), timer).write(RequestId.random(), "reply", () -> {
            if (tries.incrementAndGet() == 2) {
                state.set(Optional.empty());
            }
            return CompletableFuture.failedFuture(new StoreException("Journal x is FAILED: disk full"));
        });
        done.get(10, TimeUnit.SECONDS);
        assertEquals(2, tries.get());
        assertTrue(done.isDone() && !done.isCompletedExceptionally());
    }
}
