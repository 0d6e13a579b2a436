package io.titanicmq.runtime.worker;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.zeromq.ZContext;

/**
 * A {@link FakeBroker} and the {@link ServiceWorkers} under test, connected to it: the set-up the
 * hosted-worker tests share. Closing it closes the workers (if still running), then the broker.
 */
final class HostedWorkerFixture implements AutoCloseable {

    private final ZContext ctx = new ZContext();
    final FakeBroker broker = new FakeBroker(ctx);
    private ServiceWorkers workers;

    /**
     * Serves {@code worker} with {@code settings}, its data under {@code dataDir}, and waits for
     * its READY.
     *
     * @return the worker's identity at the broker (the latest READY for its service)
     */
    String start(WorkerSettings settings, ScriptedWorker worker, Path dataDir) {
        workers = new ServiceWorkers(ctx, settings, worker,
                new ConfiguredWorkerContext("test", ConfigFactory.empty(), dataDir));
        workers.start();
        return broker.awaitReady(worker.service());
    }

    /** The workers {@link #start} started. */
    ServiceWorkers workers() {
        return workers;
    }

    /** Closes the workers now (gracefully, as {@link ServiceWorkers#close()}); later calls do nothing. */
    void stopWorkers() {
        if (workers != null) {
            workers.close();
            workers = null;
        }
    }

    @Override
    public void close() {
        stopWorkers();
        broker.close();
        ctx.close();
    }
}
