package io.titanicmq.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fraction frame of the PROGRESS extension: plain decimals from 0 to 1 only. */
class ProgressFractionTest {

    private static String encode(double fraction) {
        return new String(ProgressFraction.encode(fraction), StandardCharsets.US_ASCII);
    }

    @Test
    void encodesPlainDecimalsClampedToZeroAndOne() {
        assertEquals("0.42", encode(0.42));
        assertEquals("0", encode(0));
        assertEquals("1", encode(1));
        assertEquals("0.3333", encode(1 / 3.0));
        assertEquals("1", encode(7));
        assertEquals("0", encode(-2));
        assertEquals("0", encode(Double.NaN));
        assertEquals("0.0001", encode(0.0001));
    }

    @Test
    void decodesWhatItEncodes() {
        for (double f : new double[] {0, 0.5, 0.42, 1, 0.0001}) {
            assertEquals(OptionalDouble.of(Double.parseDouble(encode(f))), ProgressFraction.decode(ProgressFraction.encode(f)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "1.5", "2", "-0.1", "NaN", "Infinity", "1e-1", "0x1p-1", ".5", "5.", "0..5",
        "0.5d", " 0.5", "0,5", "00000000000000000000000000000000.5"})
    void refusesAnythingElse(String frame) {
        assertTrue(ProgressFraction.decode(frame.getBytes(StandardCharsets.UTF_8)).isEmpty(), frame);
    }
}
