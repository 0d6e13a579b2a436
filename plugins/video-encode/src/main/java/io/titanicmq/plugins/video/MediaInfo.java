package io.titanicmq.plugins.video;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * What ffprobe says about a media file.
 *
 * @param formatName ffprobe's format name, e.g. {@code "mov,mp4,m4a,3gp,3g2,mj2"}
 * @param duration the duration in seconds, or 0 when unknown
 * @param size the file size in bytes
 * @param videoCodec the first video stream's codec, e.g. {@code "h264"}, or null without video
 * @param width the first video stream's width, or 0
 * @param height the first video stream's height, or 0
 */
public record MediaInfo(String formatName, double duration, long size, String videoCodec,
        int width, int height) {

    /** Whether the file has a video stream. */
    public boolean hasVideo() {
        return videoCodec != null;
    }

    /**
     * Reads ffprobe's {@code -print_format json -show_format -show_streams} output.
     *
     * @throws IllegalArgumentException when the text is not such output
     */
    static MediaInfo fromJson(String json) {
        JsonObject root;
        try {
            root = JsonParser.parseString(json).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unexpected ffprobe output: " + e.getMessage(), e);
        }
        JsonObject format = root.has("format") ? root.getAsJsonObject("format") : new JsonObject();
        JsonObject video = null;
        JsonArray streams = root.has("streams") ? root.getAsJsonArray("streams") : new JsonArray();
        for (JsonElement s : streams) {
            if (s.isJsonObject() && "video".equals(text(s.getAsJsonObject(), "codec_type"))) {
                video = s.getAsJsonObject();
                break;
            }
        }
        return new MediaInfo(text(format, "format_name"),
                number(format, "duration"),
                (long) number(format, "size"),
                video == null ? null : text(video, "codec_name"),
                video == null ? 0 : (int) number(video, "width"),
                video == null ? 0 : (int) number(video, "height"));
    }

    private static String text(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e instanceof JsonPrimitive p ? p.getAsString() : null;
    }

    /** ffprobe writes numbers as strings ("3.000000"), and "N/A" when unknown. */
    private static double number(JsonObject o, String key) {
        String t = text(o, key);
        if (t == null) {
            return 0;
        }
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
