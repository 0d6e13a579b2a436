package io.titanicmq.runtime.store;

import java.io.IOException;

/** A store operation failed: the record is not durable, the store is FAILED or closed, or the data is unusable. */
public final class StoreException extends IOException {

    /** With a message carrying the state that explains it. */
    public StoreException(String message) {
        super(message);
    }

    /** With a message and the underlying cause. */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
