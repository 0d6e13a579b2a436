package io.titanicmq.plugins.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Makes test media with ffmpeg's generated sources and reads files back with ffprobe. */
final class Media {

    private Media() {
    }

    /** Writes a clip of colour bars with a sine tone: {@code seconds} long, {@code size} e.g. "1280x720". */
    static void makeClip(Path file, int seconds, String size) throws IOException, InterruptedException {
        run(List.of("ffmpeg", "-v", "error", "-nostdin", "-y",
                "-f", "lavfi", "-i", "testsrc=duration=" + seconds + ":size=" + size + ":rate=25",
                "-f", "lavfi", "-i", "sine=duration=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                "-shortest", file.toString()));
    }

    /** ffprobe's view of the first video stream and the format, as {@code key -> value}. */
    static Map<String, String> probe(Path file) throws IOException, InterruptedException {
        String out = run(List.of("ffprobe", "-v", "error", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,width,height:format=duration,format_name",
                "-of", "default=noprint_wrappers=1", file.toString()));
        Map<String, String> values = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return values;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), () -> command + " failed: " + out);
        return out;
    }
}
