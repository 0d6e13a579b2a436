package io.titanicmq.api.protocol;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;

/**
 * The fraction frame of the {@link MdpCommand#PROGRESS} extension: a plain ASCII decimal from
 * {@code 0} to {@code 1} such as {@code "0.42"} (digits, an optional point and digits; no sign,
 * exponent, {@code NaN} or {@code Infinity}).
 */
public final class ProgressFraction {

    /** Decimal places kept on the wire. */
    private static final int SCALE = 4;
    /** Longest frame accepted: "0." plus far more digits than anyone needs. */
    private static final int MAX_LENGTH = 32;

    private ProgressFraction() {
    }

    /**
     * Encodes a fraction, clamped to [0, 1] ({@code NaN} counts as 0), with at most four decimals.
     *
     * @param fraction done so far
     * @return e.g. {@code "0.42"}, {@code "0"}, {@code "1"}
     */
    public static byte[] encode(double fraction) {
        double clamped = Double.isNaN(fraction) ? 0 : Math.min(1, Math.max(0, fraction));
        String text = BigDecimal.valueOf(clamped).setScale(SCALE, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Decodes a fraction frame; never throws.
     *
     * @param frame the frame as received
     * @return the fraction, or empty when the frame is not a decimal within [0, 1]
     */
    public static OptionalDouble decode(byte[] frame) {
        if (frame == null || frame.length == 0 || frame.length > MAX_LENGTH) {
            return OptionalDouble.empty();
        }
        int points = 0;
        for (int i = 0; i < frame.length; i++) {
            byte b = frame[i];
            if (b == '.') {
                points++;
                if (points > 1 || i == 0 || i == frame.length - 1) {
                    return OptionalDouble.empty();
                }
            } else if (b < '0' || b > '9') {
                return OptionalDouble.empty();
            }
        }
        double value = Double.parseDouble(new String(frame, StandardCharsets.US_ASCII));
        return value <= 1 ? OptionalDouble.of(value) : OptionalDouble.empty();
    }
}
