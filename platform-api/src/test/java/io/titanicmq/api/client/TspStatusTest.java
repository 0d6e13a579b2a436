package io.titanicmq.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class TspStatusTest {

    private static TspStatus parse(String frame) {
        return TspStatus.parse(frame.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void threeDigitsAloneAreACodeWithoutText() {
        assertEquals(new TspStatus(200, ""), parse("200"));
        assertTrue(parse("200").isOk());
    }

    @Test
    void textAfterASpaceIsKept() {
        assertEquals(new TspStatus(500, "disk full"), parse("500 disk full"));
        assertEquals(new TspStatus(410, "bad input: ü"), parse("410 bad input: ü"));
    }

    @Test
    void aSpaceWithNothingAfterItGivesEmptyText() {
        assertEquals(new TspStatus(300, ""), parse("300 "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "abc", "2000", "200x", "20 0", " 200", "2a0 text"})
    void malformedFramesAreRefused(String frame) {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> parse(frame));
        assertTrue(failure.getMessage().contains("malformed TSP status"), failure.getMessage());
    }

    @Test
    void aMissingFrameIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TspStatus.parse(null));
    }

    @Test
    void unprintableBytesAreEscapedInTheMessage() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> TspStatus.parse(new byte[] {'2', 0, '0'}));
        assertTrue(failure.getMessage().contains("2\\x000"), failure.getMessage());
    }

    @Test
    void toStringIsTheFrameAsSent() {
        assertEquals("500 disk full", parse("500 disk full").toString());
        assertEquals("200", parse("200").toString());
        assertEquals("007", new TspStatus(7, "").toString());
    }
}
