package io.titanicmq.runtime.store;

import java.util.Optional;
import java.util.UUID;

/**
 * A request's identity: 128 random bits, written as 32 lowercase hex characters without dashes
 * (the 9/TSP UUID form).
 */
public record RequestId(long msb, long lsb) {

    private static final int HEX_LENGTH = 32;

    /** A new random id (from the JDK's cryptographically strong source). */
    public static RequestId random() {
        UUID uuid = UUID.randomUUID();
        return new RequestId(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits());
    }

    /** Parses 32 hex characters (either case); empty for anything else. */
    public static Optional<RequestId> parse(String hex32) {
        if (hex32 == null || hex32.length() != HEX_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            if (Character.digit(hex32.charAt(i), 16) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new RequestId(
                Long.parseUnsignedLong(hex32.substring(0, 16), 16),
                Long.parseUnsignedLong(hex32.substring(16), 16)));
    }

    /** The 32 lowercase hex characters. */
    public String hex() {
        return pad(Long.toHexString(msb)) + pad(Long.toHexString(lsb));
    }

    private static String pad(String hex) {
        return "0".repeat(16 - hex.length()) + hex;
    }

    @Override
    public String toString() {
        return hex();
    }
}
