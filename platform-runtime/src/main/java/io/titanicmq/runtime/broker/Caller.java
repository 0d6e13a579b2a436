package io.titanicmq.runtime.broker;

/**
 * Who sent a request, as far as the broker knows.
 *
 * @param key        the sender's CURVE public key (Z85) when it connected with CurveZMQ, else null
 * @param privileged whether the sender may act on any request: an admin key, a peer inside this
 *                   process (inproc has no CURVE and is trusted), or any peer while authentication
 *                   is off
 */
public record Caller(String key, boolean privileged) {

    /** A peer inside this process, or a request made with {@link Broker#submit}. */
    public static final Caller INTERNAL = new Caller(null, true);

    /** Any peer while authentication is off: nothing is enforced. */
    public static final Caller UNAUTHENTICATED = new Caller(null, true);

    /** Whether this caller may act on a request submitted by {@code owner} (null: no key). */
    public boolean mayAccess(String owner) {
        return privileged || (key != null && key.equals(owner));
    }

    @Override
    public String toString() {
        return key == null ? (privileged ? "Caller[internal]" : "Caller[anonymous]")
                : "Caller[" + key.substring(0, Math.min(8, key.length())) + (privileged ? ", admin]" : "]");
    }
}
