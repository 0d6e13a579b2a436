package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.store.RequestId;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A parsed dispatch address {@code <32 hex>/<attempt>}: the request id and attempt that an MDP
 * reply belongs to.
 *
 * @param id the request
 * @param attempt the attempt number, from 1
 */
record Address(RequestId id, int attempt) {

    static Optional<Address> parse(byte[] frame) {
        String text = new String(frame, StandardCharsets.US_ASCII);
        int slash = text.indexOf('/');
        if (slash != 32) {
            return Optional.empty();
        }
        try {
            int attempt = Integer.parseInt(text.substring(slash + 1));
            return RequestId.parse(text.substring(0, slash)).map(id -> new Address(id, attempt));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
