package io.titanicmq.runtime.cli;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live line {@code titanic reply --wait} shows on a terminal while a request runs, built from
 * the {@code titanic.status [uuid]} JSON:
 * {@code [########------------]  42%  120 fps eta 8s  elapsed 12s}. The worker's message follows
 * the percentage (a leading percentage of its own is left out); an {@code eta} from the server's
 * estimate is added when the message has none.
 */
final class ProgressLine {

    private static final int WIDTH = 20;
    private static final Pattern LEADING_PERCENT = Pattern.compile("^\\s*\\d{1,3}(\\.\\d+)?%\\s*");

    private ProgressLine() {
    }

    /**
     * The line for a status answer.
     *
     * @param statusJson the JSON frame of {@code titanic.status [uuid]}
     * @return empty when the status carries no progress (the caller shows its spinner)
     */
    static Optional<String> render(String statusJson) {
        OptionalDouble fraction = number(statusJson, "progress");
        if (fraction.isEmpty()) {
            return Optional.empty();
        }
        double f = Math.min(1, Math.max(0, fraction.getAsDouble()));
        int filled = (int) Math.round(f * WIDTH);
        StringBuilder line = new StringBuilder(80).append('[')
                .append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append("] ")
                .append(String.format("%3d%%", Math.round(f * 100)));
        String message = LEADING_PERCENT.matcher(string(statusJson, "message").orElse("")).replaceFirst("")
                .replaceAll("\\p{Cntrl}", " ").strip();
        if (!message.isEmpty()) {
            line.append("  ").append(message);
        }
        OptionalLong eta = whole(statusJson, "eta-ms");
        if (eta.isPresent() && !message.contains("eta")) {
            line.append("  eta ").append(seconds(eta.getAsLong()));
        }
        whole(statusJson, "elapsed-ms").ifPresent(ms -> line.append("  elapsed ").append(seconds(ms)));
        return Optional.of(line.toString());
    }

    private static String seconds(long ms) {
        long s = Math.round(ms / 1000.0);
        return s < 60 ? s + "s" : (s / 60) + "m" + String.format("%02d", s % 60) + "s";
    }

    /** A numeric field of a flat JSON object, if present. */
    static OptionalDouble number(String json, String field) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)")
                .matcher(json);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    private static OptionalLong whole(String json, String field) {
        OptionalDouble n = number(json, field);
        return n.isPresent() ? OptionalLong.of(Math.round(n.getAsDouble())) : OptionalLong.empty();
    }

    /** A string field of a flat JSON object, unescaped, if present. */
    static Optional<String> string(String json, String field) {
        String key = "\"" + field + "\":\"";
        int at = json.indexOf(key);
        if (at < 0) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (int i = at + key.length(); i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                return Optional.of(out.toString());
            }
            if (c != '\\' || i + 1 >= json.length()) {
                out.append(c);
                continue;
            }
            char e = json.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = i + k < json.length() ? Character.digit(json.charAt(i + k), 16) : -1;
                        if (digit < 0) {
                            return Optional.empty();
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return Optional.empty();
    }
}
