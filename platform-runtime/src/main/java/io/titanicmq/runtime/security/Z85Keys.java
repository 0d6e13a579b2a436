package io.titanicmq.runtime.security;

import org.zeromq.ZMQ;

/** Checks and names CURVE keys written as 40 characters of Z85. */
public final class Z85Keys {

    /** Length of a 32-byte key in Z85. */
    public static final int LENGTH = 40;

    private Z85Keys() {
    }

    /** Whether {@code text} looks like a Z85 key (40 characters of the Z85 alphabet). */
    public static boolean isKey(String text) {
        if (text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean z85 = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || ".-:+=^!/*?&<>()[]{}@%$#".indexOf(c) >= 0;
            if (!z85) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return {@code text} stripped, when it is a Z85 key of 32 bytes
     * @throws IllegalArgumentException otherwise
     */
    public static String checked(String text) {
        String key = text.strip();
        if (!isKey(key)) {
            throw new IllegalArgumentException("not a CURVE key: expected " + LENGTH + " Z85 characters");
        }
        byte[] decoded = ZMQ.Curve.z85Decode(key);
        if (decoded == null || decoded.length != 32) {
            throw new IllegalArgumentException("not a CURVE key: Z85 text that does not decode to 32 bytes");
        }
        return key;
    }

    /** The first 8 characters of a key: enough to recognise it in a log, useless to an attacker. */
    public static String fingerprint(String key) {
        return key.substring(0, Math.min(8, key.length()));
    }
}
