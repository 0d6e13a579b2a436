package io.titanicmq.api.protocol;

/** Constants of 9/TSP (Titanic Service Protocol) and TitanicMQ's documented extensions. */
public final class Tsp {

    /** Store a request: {@code [service][body...]} to {@code [200][uuid]}. */
    public static final String REQUEST = "titanic.request";
    /** Fetch a reply: {@code [uuid]} to {@code [200][reply...]}, {@code [300]}, {@code [400]}. */
    public static final String REPLY = "titanic.reply";
    /** Close a request: {@code [uuid]} to {@code [200]}. */
    public static final String CLOSE = "titanic.close";

    /** Success. */
    public static final String OK = "200";
    /** Pending: the reply is not there yet. */
    public static final String PENDING = "300";
    /** Unknown, closed or malformed request id. */
    public static final String UNKNOWN = "400";
    /** Server-side failure. */
    public static final String ERROR = "500";

    /**
     * First frame of a worker reply that reports a failure instead of a result (TitanicMQ
     * extension, see docs/protocol.md): {@code ["\0titanic.failure"]["terminal"|"retryable"][reason]}.
     * The leading NUL byte keeps it apart from any text reply.
     */
    public static final String FAILURE_MARKER = "\0titanic.failure";

    private Tsp() {
    }

    /** Whether {@code s} is a request id as TitanicMQ issues them: exactly 32 lower- or upper-case hex characters. */
    public static boolean isUuid(String s) {
        if (s == null || s.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
