package io.titanicmq.plugins.video;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads ffmpeg's {@code -progress pipe:1} output: blocks of {@code key=value} lines, each ended by
 * {@code progress=continue} (or {@code progress=end}). Runs on its own thread; the encoding thread
 * picks up the {@link #latest()} snapshot, so the request is only touched from one thread.
 */
final class ProgressReader implements Runnable {

    /**
     * One progress block.
     *
     * @param seconds media time encoded so far, in seconds
     * @param fps frames per second being encoded
     * @param speed encoding speed as a multiple of real time (0 when unknown)
     */
    record Snapshot(double seconds, double fps, double speed) {

        /** The fraction done of a media of {@code duration} seconds, within [0, 1]. */
        double fraction(double duration) {
            return duration <= 0 ? 0 : Math.min(1, Math.max(0, seconds / duration));
        }

        /** A short human text such as {@code "42% 120 fps eta 8s"}. */
        String message(double duration) {
            StringBuilder sb = new StringBuilder();
            sb.append(Math.round(fraction(duration) * 100)).append('%');
            sb.append(' ').append(Math.round(fps)).append(" fps");
            if (speed > 0 && duration > 0) {
                long eta = Math.round(Math.max(0, duration - seconds) / speed);
                sb.append(" eta ").append(eta).append('s');
            }
            return sb.toString();
        }
    }

    private final InputStream stdout;
    private final System.Logger log;
    private volatile Snapshot latest;

    /**
     * @param stdout ffmpeg's standard output
     * @param log where a read failure is logged
     */
    ProgressReader(InputStream stdout, System.Logger log) {
        this.stdout = stdout;
        this.log = log;
    }

    /** The last complete block, or null before the first. */
    Snapshot latest() {
        return latest;
    }

    @Override
    public void run() {
        double seconds = 0;
        double fps = 0;
        double speed = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                switch (key) {
                    // out_time_ms is in microseconds too (an old ffmpeg misnomer); prefer out_time_us.
                    case "out_time_us", "out_time_ms" -> seconds = number(value, seconds * 1e6) / 1e6;
                    case "fps" -> fps = number(value, fps);
                    case "speed" -> speed = number(value.toLowerCase(Locale.ROOT).replace("x", ""), speed);
                    case "progress" -> latest = new Snapshot(seconds, fps, speed);
                    default -> { }
                }
            }
        } catch (IOException e) {
            // Normal when ffmpeg is stopped on cancel: the pipe closes under the reader.
            log.log(System.Logger.Level.DEBUG, "ffmpeg progress stream ended: " + e.getMessage());
        }
    }

    /** Parses a number, keeping the previous value for "N/A" and the like. */
    private static double number(String text, double previous) {
        try {
            double v = Double.parseDouble(text);
            return Double.isFinite(v) ? v : previous;
        } catch (NumberFormatException e) {
            return previous;
        }
    }
}
