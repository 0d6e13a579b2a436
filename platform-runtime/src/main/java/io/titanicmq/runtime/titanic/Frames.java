package io.titanicmq.runtime.titanic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for building and reading TSP frames. */
final class Frames {

    private Frames() {
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    /** {@code [status]}. */
    static List<byte[]> status(String status) {
        return List.of(ascii(status));
    }

    /** {@code [status][rest...]}. */
    static List<byte[]> status(String status, List<byte[]> rest) {
        List<byte[]> out = new ArrayList<>(rest.size() + 1);
        out.add(ascii(status));
        out.addAll(rest);
        return out;
    }

    /** Quotes {@code s} as a JSON string. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
