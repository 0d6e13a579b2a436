package io.titanicmq.plugins.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodeSettingsTest {

    @Test
    void parsesSimpleDurations() {
        assertEquals(Duration.ofSeconds(30), EncodeSettings.parseDuration("30s"));
        assertEquals(Duration.ofMinutes(10), EncodeSettings.parseDuration("10m"));
        assertEquals(Duration.ofHours(1), EncodeSettings.parseDuration("1h"));
        assertEquals(Duration.ofMillis(500), EncodeSettings.parseDuration("500ms"));
        assertEquals(Duration.ofSeconds(45), EncodeSettings.parseDuration("45"));
        assertThrows(IllegalArgumentException.class, () -> EncodeSettings.parseDuration("soon"));
        assertThrows(IllegalArgumentException.class, () -> EncodeSettings.parseDuration("0s"));
    }

    @Test
    void defaultsUseTheDataDirectoryAndThePath() {
        Path data = Path.of("/var/lib/titanic/plugins/video-encode");
        EncodeSettings s = EncodeSettings.from(new StubContext(Map.of(), data));
        assertEquals(data.resolve("media"), s.mediaRoot());
        assertEquals("ffmpeg", s.ffmpeg());
        assertEquals("ffprobe", s.ffprobe());
        assertEquals(Duration.ofHours(1), s.timeout());
    }

    @Test
    void badTimeoutNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EncodeSettings.from(new StubContext(Map.of("timeout", "later"), Path.of("/tmp"))));
        assertEquals(true, e.getMessage().startsWith("titanic.plugins.video-encode.timeout"));
    }
}
