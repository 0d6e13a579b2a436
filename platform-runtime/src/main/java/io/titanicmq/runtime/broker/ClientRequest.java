package io.titanicmq.runtime.broker;

import java.util.List;

/** A request to an {@link InternalService}, from an MDP client or from {@link Broker#submit}. */
public interface ClientRequest {

    /** The service the request was sent to. */
    String service();

    /**
     * Who sent the request: its CURVE key and whether it is privileged (admin, in-process, or
     * authentication off). {@link Caller#INTERNAL} for a request made with {@link Broker#submit}.
     */
    default Caller caller() {
        return Caller.INTERNAL;
    }

    /** The request body frames (never empty for an MDP client, which sends at least one). */
    List<byte[]> body();

    /**
     * Answers the request. Callable once, from any thread; the broker sends
     * {@code [MDPC01][service][frames...]} to the client.
     *
     * @param frames the reply body, at least one frame
     * @throws IllegalStateException when the request was already answered
     */
    void reply(List<byte[]> frames);
}
