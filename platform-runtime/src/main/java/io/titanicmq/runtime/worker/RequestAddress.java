package io.titanicmq.runtime.worker;

import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the client-address frame of an MDP REQUEST tells a worker. Titanic's dispatcher sends the
 * request id as the address, {@code <32 hex>} or {@code <32 hex>/<attempt>}; any other address (a
 * direct MDP client's routing id) carries no id and counts as attempt 1.
 *
 * @param id the Titanic request id, when the address carries one
 * @param attempt which try this is, 1 for the first
 */
public record RequestAddress(Optional<String> id, int attempt) {

    private static final RequestAddress DIRECT = new RequestAddress(Optional.empty(), 1);

    /**
     * Decodes a client-address frame; never throws.
     *
     * @param frame the address frame as received
     * @return the id and attempt, or no id and attempt 1 when the frame is not in Titanic's form
     */
    public static RequestAddress parse(byte[] frame) {
        if (frame == null || frame.length < 32 || frame.length > 32 + 1 + 10) {
            return DIRECT;
        }
        for (byte b : frame) {
            if (b < 0x21 || b > 0x7e) {
                return DIRECT;
            }
        }
        String text = new String(frame, StandardCharsets.US_ASCII);
        String hex = text.substring(0, 32);
        if (!Tsp.isUuid(hex)) {
            return DIRECT;
        }
        if (text.length() == 32) {
            return new RequestAddress(Optional.of(hex), 1);
        }
        if (text.charAt(32) != '/' || text.length() == 33) {
            return DIRECT;
        }
        String number = text.substring(33);
        for (int i = 0; i < number.length(); i++) {
            if (number.charAt(i) < '0' || number.charAt(i) > '9') {
                return DIRECT;
            }
        }
        long attempt = Long.parseLong(number);
        if (attempt < 1 || attempt > Integer.MAX_VALUE) {
            return DIRECT;
        }
        return new RequestAddress(Optional.of(hex), (int) attempt);
    }
}
