package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.broker.Caller;
import io.titanicmq.runtime.broker.ClientRequest;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may act on a stored request: the key that submitted it (stored with it), an admin key, an
 * in-process caller, or anyone while authentication is off ({@link Caller#privileged()}). Anyone
 * else is treated as if the id were unknown, so a uuid alone reveals nothing.
 */
final class RequestAccess {

    private static final Logger LOG = LoggerFactory.getLogger(RequestAccess.class);

    private final RequestStore store;

    RequestAccess(RequestStore store) {
        this.store = store;
    }

    /** {@code id} when the caller of {@code r} may act on it; empty otherwise (and when empty). */
    Optional<RequestId> accessible(ClientRequest r, Optional<RequestId> id) {
        if (id.isEmpty() || r.caller().privileged()) {
            return id;
        }
        if (!r.caller().mayAccess(store.owner(id.get()).orElse(null))) {
            LOG.debug("{} for {} refused to {}: not its request", r.service(), id.get(), r.caller());
            return Optional.empty();
        }
        return id;
    }

    /** An idempotency key as stored: prefixed by the caller's public key, so keys of clients never meet. */
    static String scoped(Caller caller, String key) {
        return caller.key() == null ? key : caller.key() + "/" + key;
    }
}
