package io.titanicmq.api.client;

/** No answer came within the timeout, after every retry: the server may be down or unreachable. */
public class ClientTimeoutException extends ClientException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what timed out, with the state that explains it
     * @param cause the underlying failure, or null
     */
    public ClientTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what timed out, with the state that explains it */
    public ClientTimeoutException(String message) {
        super(message);
    }
}
