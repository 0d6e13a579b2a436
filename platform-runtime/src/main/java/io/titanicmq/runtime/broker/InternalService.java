package io.titanicmq.runtime.broker;

/**
 * A service the broker answers itself instead of routing it to an MDP worker (e.g. the Titanic
 * services). Registered with {@link Broker#registerInternal} before the broker starts.
 */
@FunctionalInterface
public interface InternalService {

    /**
     * Handles one request. Called on the broker thread, so it must not block: hand slow work to
     * another thread and answer later with {@link ClientRequest#reply}.
     *
     * @param request the request, answered once through {@link ClientRequest#reply}
     */
    void handle(ClientRequest request);
}
