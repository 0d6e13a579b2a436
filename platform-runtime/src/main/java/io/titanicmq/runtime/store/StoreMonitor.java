package io.titanicmq.runtime.store;

import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Told about everything the store drops or cannot do. Injected into the store; the default
 * methods log (so {@code new StoreMonitor() {}} is the logging monitor, see {@link #logging()}).
 */
public interface StoreMonitor {

    /** A logging monitor. */
    static StoreMonitor logging() {
        return new StoreMonitor() {
        };
    }

    /** A record (or a segment header) at {@code offset} in {@code segment} was unreadable and skipped. */
    default void corruptRecord(Path segment, long offset, String reason) {
        LoggerFactory.getLogger(StoreMonitor.class)
                .warn("Corrupt journal record in {} at offset {} skipped: {}", segment, offset, reason);
    }

    /** The last segment ended in an incomplete write at {@code offset}; {@code bytesDropped} bytes were cut off. */
    default void tornTail(Path segment, long offset, long bytesDropped) {
        LoggerFactory.getLogger(StoreMonitor.class)
                .warn("Torn tail of journal segment {} at offset {}: truncated {} bytes", segment, offset, bytesDropped);
    }

    /**
     * The store could not write or fsync and is now FAILED: no mutation is accepted until a probe
     * of the writer succeeds ({@link #storeRecovered}) or the store is reopened. The store has
     * already logged this at ERROR; the default does nothing more (hook for alerts).
     */
    default void storeFailed(Path dir, Throwable cause) {
    }

    /**
     * The FAILED store's probe wrote and fsynced again: mutations are accepted again. The store
     * has already logged this at INFO; the default does nothing more.
     *
     * @param failedFor how long the store was FAILED
     */
    default void storeRecovered(Path dir, java.time.Duration failedFor) {
    }
}
