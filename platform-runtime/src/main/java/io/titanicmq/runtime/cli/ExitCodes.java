package io.titanicmq.runtime.cli;

/** The stable exit codes of the {@code titanic} command; scripts may rely on them. */
public final class ExitCodes {

    /** Success. */
    public static final int OK = 0;
    /** The server answered with an error (TSP 500), or the server could not start. */
    public static final int SERVER_ERROR = 1;
    /** Bad command line (picocli's usage error code). */
    public static final int USAGE = 2;
    /** No answer within the timeout (after retries). */
    public static final int TIMEOUT = 3;
    /** The reply is not ready yet (TSP 300). */
    public static final int PENDING = 4;
    /** Unknown or closed request id (TSP 400). */
    public static final int UNKNOWN = 5;
    /** The request ended in a stored terminal failure (TitanicMQ extension 410). */
    public static final int FAILED = 6;
    /** The configuration is invalid. */
    public static final int CONFIG = 78;

    private ExitCodes() {
    }
}
