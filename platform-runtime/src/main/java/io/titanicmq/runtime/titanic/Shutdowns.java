package io.titanicmq.runtime.titanic;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/** Stopping the Titanic role's own threads, the same way for each. */
final class Shutdowns {

    /** How long a stopping thread may take to finish what it runs. */
    private static final long WAIT_SECONDS = 5;

    private Shutdowns() {
    }

    /**
     * Shuts {@code executor} down (queued tasks still run, none is interrupted) and waits up to
     * {@value #WAIT_SECONDS} s for it; tells {@code log} when it did not stop in time or the wait
     * was interrupted (the interrupt is kept for the caller).
     */
    static void shutdownAndWait(ExecutorService executor, String name, Logger log) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within {} s", name, WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("interrupted while stopping {}", name);
        }
    }
}
