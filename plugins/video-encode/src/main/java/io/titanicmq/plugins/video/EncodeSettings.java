package io.titanicmq.plugins.video;

import io.titanicmq.api.WorkerContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plug-in's settings, read once from {@code titanic.plugins.video-encode}.
 *
 * @param mediaRoot the only directory inputs are read from and outputs written to
 * @param ffmpeg the ffmpeg executable (name on the PATH or absolute path)
 * @param ffprobe the ffprobe executable
 * @param timeout the longest one encode may run
 */
public record EncodeSettings(Path mediaRoot, String ffmpeg, String ffprobe, Duration timeout) {

    /** The config section, for error messages that name a key. */
    static final String SECTION = "titanic.plugins.video-encode";

    private static final Pattern DURATION =
            Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)?\\s*");

    /**
     * Reads the settings with their defaults: {@code media-root} = {@code <dataDir>/media},
     * {@code ffmpeg} = {@code "ffmpeg"}, {@code ffprobe} = {@code "ffprobe"}, {@code timeout} = 1h.
     *
     * @throws IllegalArgumentException when a value cannot be understood, naming the key
     */
    public static EncodeSettings from(WorkerContext context) {
        Path root = context.setting("media-root").map(Path::of)
                .orElseGet(() -> context.dataDir().resolve("media"));
        String timeoutText = context.setting("timeout").orElse("1h");
        Duration timeout;
        try {
            timeout = parseDuration(timeoutText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SECTION + ".timeout: " + e.getMessage(), e);
        }
        return new EncodeSettings(root.toAbsolutePath().normalize(),
                context.setting("ffmpeg").orElse("ffmpeg"),
                context.setting("ffprobe").orElse("ffprobe"),
                timeout);
    }

    /**
     * Parses a simple duration: a number with an optional unit {@code ms}, {@code s} (the
     * default), {@code m}, {@code h} or {@code d}, e.g. {@code "30s"}, {@code "10m"}, {@code "1.5h"}.
     *
     * @throws IllegalArgumentException for anything else, or a duration that is not positive
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 30s, 10m, 1h)");
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            case "d" -> amount * 86_400_000;
            default -> amount * 1_000;
        };
        if (millis < 1) {
            throw new IllegalArgumentException("duration must be positive: '" + text + "'");
        }
        return Duration.ofMillis((long) millis);
    }
}
