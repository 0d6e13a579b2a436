package io.titanicmq.api.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A 9/TSP status frame: three ASCII digits, optionally followed by one space and text, e.g.
 * {@code "200"} or {@code "500 disk full"}.
 *
 * @param code the three-digit code, 0 to 999
 * @param text the text after the space, empty when there is none
 */
public record TspStatus(int code, String text) {

    /** {@code 200}: success; a reply follows for {@code titanic.reply}. */
    public static final int OK = 200;
    /** {@code 300}: the reply is not there yet. */
    public static final int PENDING = 300;
    /** {@code 400}: unknown, closed or malformed request id. */
    public static final int UNKNOWN = 400;
    /**
     * {@code 410}: the request ended in a terminal failure; the text is the reason (TitanicMQ
     * extension of {@code titanic.reply}, see docs/protocol.md).
     */
    public static final int FAILED = 410;
    /** {@code 500}: server-side failure; the text says what. */
    public static final int ERROR = 500;

    private static final int MAX_SHOWN = 40;

    /**
     * @param code the three-digit code, 0 to 999
     * @param text the text after the space, empty when there is none
     */
    public TspStatus {
        if (code < 0 || code > 999) {
            throw new IllegalArgumentException("a status code has three digits, was " + code);
        }
        Objects.requireNonNull(text, "text");
    }

    /**
     * Parses a status frame.
     *
     * @param frame the frame as received
     * @return the code and text
     * @throws IllegalArgumentException when the frame is not three digits optionally followed by
     *     a space and text (the message shows the frame)
     */
    public static TspStatus parse(byte[] frame) {
        if (frame == null || frame.length < 3 || (frame.length > 3 && frame[3] != ' ')) {
            throw malformed(frame);
        }
        int code = 0;
        for (int i = 0; i < 3; i++) {
            byte b = frame[i];
            if (b < '0' || b > '9') {
                throw malformed(frame);
            }
            code = code * 10 + (b - '0');
        }
        String text = frame.length > 4 ? new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8) : "";
        return new TspStatus(code, text);
    }

    /** Whether the code is {@link #OK}. */
    public boolean isOk() {
        return code == OK;
    }

    /** The frame as sent: {@code "500 disk full"}, or just the code when there is no text. */
    @Override
    public String toString() {
        String digits = String.format("%03d", code);
        return text.isEmpty() ? digits : digits + " " + text;
    }

    private static IllegalArgumentException malformed(byte[] frame) {
        if (frame == null) {
            return new IllegalArgumentException("missing TSP status frame");
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < Math.min(frame.length, MAX_SHOWN); i++) {
            int b = frame[i] & 0xff;
            if (b >= 0x20 && b < 0x7f) {
                shown.append((char) b);
            } else {
                shown.append(String.format("\\x%02x", b));
            }
        }
        if (frame.length > MAX_SHOWN) {
            shown.append("...");
        }
        return new IllegalArgumentException("malformed TSP status frame \"" + shown + "\" (" + frame.length
                + " bytes); want three digits, optionally a space and text");
    }
}
