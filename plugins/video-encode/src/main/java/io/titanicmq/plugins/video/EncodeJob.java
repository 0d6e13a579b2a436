package io.titanicmq.plugins.video;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.titanicmq.api.WorkerException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One encode as the client asked for it.
 *
 * <p>The request body (frame 0) is either a plain path relative to the media root, e.g.
 * {@code clip.mp4}, or a JSON object:
 * <pre>{"input": "clip.mov", "codec": "h264", "height": 720, "crf": 23,
 *  "preset": "veryfast", "audio": true, "output": "clip-720.mp4"}</pre>
 * Only {@code input} is required. {@code height} 0 or absent keeps the source height.
 *
 * @param input the input path relative to the media root
 * @param codec the video codec
 * @param height the output height in pixels, or 0 to keep the source's
 * @param crf the constant-rate factor (lower is better quality)
 * @param preset the x264/x265 speed preset
 * @param audio whether to keep (re-encode) the audio
 * @param output the output path relative to the media root
 * @param container the output container, from the output's extension
 */
public record EncodeJob(String input, Codec codec, int height, int crf, String preset,
        boolean audio, String output, Container container) {

    private static final Set<String> KEYS =
            Set.of("input", "codec", "height", "crf", "preset", "audio", "output");
    private static final Set<String> PRESETS = Set.of("ultrafast", "superfast", "veryfast",
            "faster", "fast", "medium", "slow", "slower", "veryslow");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+");
    private static final String DEFAULT_PRESET = "veryfast";

    /**
     * Parses a request body.
     *
     * @throws WorkerException (terminal) for anything malformed, naming what was wrong
     */
    public static EncodeJob parse(String body) throws WorkerException {
        String text = body.strip();
        if (text.isEmpty()) {
            throw WorkerException.terminal("empty request: send a path or a JSON object with \"input\"");
        }
        if (!text.startsWith("{")) {
            return build(text, Codec.H264, 0, Codec.H264.defaultCrf(), DEFAULT_PRESET, true, null);
        }
        JsonObject json;
        try {
            json = JsonParser.parseString(text).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw WorkerException.terminal("request is not a valid JSON object: " + e.getMessage());
        }
        for (String key : json.keySet()) {
            if (!KEYS.contains(key)) {
                throw WorkerException.terminal("unknown field '" + key + "'; known: " + KEYS);
            }
        }
        String input = string(json, "input", null);
        if (input == null) {
            throw WorkerException.terminal("missing field \"input\"");
        }
        String codecName = string(json, "codec", "h264");
        Codec codec = Codec.byLabel(codecName).orElseThrow(() -> WorkerException.terminal(
                "unknown codec '" + codecName + "'; use h264, h265 or vp9"));
        int height = integer(json, "height", 0, 0, 4320);
        if (height % 2 != 0) {
            throw WorkerException.terminal("height must be even, got " + height);
        }
        int crf = integer(json, "crf", codec.defaultCrf(), 0, 63);
        String preset = string(json, "preset", DEFAULT_PRESET);
        if (!PRESETS.contains(preset)) {
            throw WorkerException.terminal("unknown preset '" + preset + "'; use one of " + PRESETS);
        }
        boolean audio = json.has("audio") ? bool(json, "audio") : true;
        return build(input, codec, height, crf, preset, audio, string(json, "output", null));
    }

    private static EncodeJob build(String input, Codec codec, int height, int crf, String preset,
            boolean audio, String output) throws WorkerException {
        String out = output != null ? output : defaultOutput(input, codec, height);
        Container container = Container.forFileName(out).orElseThrow(() -> WorkerException.terminal(
                "output '" + out + "' must end in .mp4, .mov, .mkv or .webm"));
        if (!container.carries(codec)) {
            throw WorkerException.terminal(container.extension() + " cannot carry " + codec.label());
        }
        return new EncodeJob(input, codec, height, crf, preset, audio, out, container);
    }

    /** {@code dir/clip.mov} becomes {@code dir/clip-h264-360p.mp4}. */
    private static String defaultOutput(String input, Codec codec, int height) {
        int slash = input.lastIndexOf('/');
        int dot = input.lastIndexOf('.');
        String stem = dot > slash ? input.substring(0, dot) : input;
        return stem + "-" + codec.label() + (height > 0 ? "-" + height + "p" : "")
                + "." + codec.defaultExtension();
    }

    private static String string(JsonObject json, String key, String fallback) throws WorkerException {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString() || p.getAsString().isBlank()) {
            throw WorkerException.terminal("\"" + key + "\" must be a non-empty string");
        }
        return p.getAsString();
    }

    private static int integer(JsonObject json, String key, int fallback, int min, int max)
            throws WorkerException {
        JsonElement e = json.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber() || !NUMBER.matcher(p.getAsString()).matches()) {
            throw WorkerException.terminal("\"" + key + "\" must be a whole number");
        }
        long value = p.getAsLong();
        if (value < min || value > max) {
            throw WorkerException.terminal("\"" + key + "\" must be between " + min + " and " + max
                    + ", got " + value);
        }
        return (int) value;
    }

    private static boolean bool(JsonObject json, String key) throws WorkerException {
        JsonElement e = json.get(key);
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw WorkerException.terminal("\"" + key + "\" must be true or false");
        }
        return p.getAsBoolean();
    }
}
