package io.titanicmq.plugins.video;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The video codecs a request may ask for, with the ffmpeg encoder and its defaults. */
public enum Codec {
    /** H.264/AVC with libx264. */
    H264("h264", "libx264", 23, "mp4"),
    /** H.265/HEVC with libx265. */
    H265("h265", "libx265", 28, "mp4"),
    /** VP9 with libvpx-vp9 (constant quality mode). */
    VP9("vp9", "libvpx-vp9", 32, "webm");

    private final String label;
    private final String encoder;
    private final int defaultCrf;
    private final String defaultExtension;

    Codec(String label, String encoder, int defaultCrf, String defaultExtension) {
        this.label = label;
        this.encoder = encoder;
        this.defaultCrf = defaultCrf;
        this.defaultExtension = defaultExtension;
    }

    /** The name used in requests, e.g. {@code "h264"}. */
    public String label() {
        return label;
    }

    /** The ffmpeg encoder name, e.g. {@code "libx264"}. */
    public String encoder() {
        return encoder;
    }

    /** The constant-rate factor used when the request gives none. */
    public int defaultCrf() {
        return defaultCrf;
    }

    /** The output file extension used when the request names no output. */
    public String defaultExtension() {
        return defaultExtension;
    }

    /** The encoder arguments for this codec: quality and speed. */
    List<String> encoderArgs(int crf, String preset) {
        if (this == VP9) {
            // libvpx has no x264-style presets; "good" with a high cpu-used is its fast mode.
            return List.of("-c:v", encoder, "-crf", Integer.toString(crf), "-b:v", "0",
                    "-deadline", "good", "-cpu-used", "5", "-row-mt", "1");
        }
        return List.of("-c:v", encoder, "-crf", Integer.toString(crf), "-preset", preset);
    }

    /** The codec with this request name, ignoring case. */
    public static Optional<Codec> byLabel(String label) {
        for (Codec c : values()) {
            if (c.label.equals(label.toLowerCase(Locale.ROOT))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
