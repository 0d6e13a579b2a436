package io.titanicmq.api;

/**
 * A request failed. {@link #isRetryable()} tells Titanic whether another attempt may succeed
 * (retryable) or the request should end now with a stored failure (terminal).
 */
public class WorkerException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /**
     * @param message what went wrong, shown to the client
     * @param retryable whether another attempt may succeed
     * @param cause the underlying failure, or null
     */
    public WorkerException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** A failure no retry can fix, e.g. invalid input. */
    public static WorkerException terminal(String message) {
        return new WorkerException(message, false, null);
    }

    /** A failure another attempt may not meet, e.g. a resource briefly unavailable. */
    public static WorkerException retryable(String message) {
        return new WorkerException(message, true, null);
    }

    /** Whether another attempt may succeed. */
    public boolean isRetryable() {
        return retryable;
    }
}
