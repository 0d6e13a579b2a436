package io.titanicmq.plugins.report;

import io.titanicmq.api.WorkerContext;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plug-in's limits, read once from {@code titanic.plugins.report}.
 *
 * @param maxInputSize the largest request body in bytes ({@code max-input-size}, default 16 MiB)
 * @param maxRows the most data rows ({@code max-rows}, default 200000)
 */
public record ReportSettings(long maxInputSize, int maxRows) {

    static final String SECTION = "titanic.plugins.report";

    private static final Pattern SIZE =
            Pattern.compile("\\s*(\\d+)\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\\s*");

    /**
     * Reads the settings with their defaults.
     *
     * @throws IllegalArgumentException naming the key when a value cannot be understood
     */
    public static ReportSettings from(WorkerContext context) {
        long size = parse("max-input-size", context.setting("max-input-size").orElse("16MiB"));
        long rows = parse("max-rows", context.setting("max-rows").orElse("200000"));
        if (rows > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(SECTION + ".max-rows: too large: " + rows);
        }
        return new ReportSettings(size, (int) rows);
    }

    /** Parses a positive count with an optional binary size unit: {@code 16MiB}, {@code 512k}, {@code 1000}. */
    static long parse(String key, String text) {
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(SECTION + "." + key + ": not a size: '" + text + "'");
        }
        long value = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit.charAt(0)) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
        };
        if (value <= 0) {
            throw new IllegalArgumentException(SECTION + "." + key + ": must be positive: '" + text + "'");
        }
        return Math.multiplyExact(value, factor);
    }
}
