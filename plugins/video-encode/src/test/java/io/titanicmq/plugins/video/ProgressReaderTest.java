package io.titanicmq.plugins.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressReaderTest {

    private static ProgressReader read(String text) {
        ProgressReader reader = new ProgressReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), System.getLogger("test"));
        reader.run();
        return reader;
    }

    @Test
    void aBlockEndsWithItsProgressLine() {
        ProgressReader reader = read("frame=300\nfps=120.4\nout_time_us=4200000\nout_time_ms=4200000\n"
                + "speed=4.8x\nprogress=continue\nframe=310\nout_time_us=9999999\n");
        ProgressReader.Snapshot s = reader.latest();
        assertEquals(4.2, s.seconds(), 1e-9);
        assertEquals(120.4, s.fps(), 1e-9);
        assertEquals(4.8, s.speed(), 1e-9);
        assertEquals(0.42, s.fraction(10), 1e-9);
        assertEquals("42% 120 fps eta 1s", s.message(10));
    }

    @Test
    void unknownValuesKeepThePreviousOnes() {
        ProgressReader.Snapshot s = read("out_time_us=N/A\nfps=0.00\nspeed=N/A\nprogress=continue\n").latest();
        assertEquals(0, s.seconds());
        assertEquals("0% 0 fps", s.message(10));
        assertEquals(1.0, new ProgressReader.Snapshot(12, 30, 1).fraction(10), "clamped to 1");
    }

    @Test
    void nothingBeforeTheFirstBlock() {
        assertNull(read("frame=1\nfps=3\n").latest());
    }
}
