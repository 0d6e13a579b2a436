package io.titanicmq.api.client;

/** A client call failed: timed out after its retries, was refused, or the client is closed. */
public class ClientException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, with the state that explains it
     * @param cause the underlying failure, or null
     */
    public ClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed, with the state that explains it */
    public ClientException(String message) {
        super(message);
    }
}
