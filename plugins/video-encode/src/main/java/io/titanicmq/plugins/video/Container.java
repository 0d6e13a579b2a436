package io.titanicmq.plugins.video;

import java.util.Locale;
import java.util.Optional;

/** The output containers, chosen by the output file's extension. */
public enum Container {
    /** MPEG-4 part 14; AAC audio. */
    MP4("mp4", "mp4", "aac"),
    /** QuickTime; AAC audio. */
    MOV("mov", "mov", "aac"),
    /** Matroska; Opus audio. */
    MKV("mkv", "matroska", "libopus"),
    /** WebM (VP9 only); Opus audio. */
    WEBM("webm", "webm", "libopus");

    private final String extension;
    private final String muxer;
    private final String audioEncoder;

    Container(String extension, String muxer, String audioEncoder) {
        this.extension = extension;
        this.muxer = muxer;
        this.audioEncoder = audioEncoder;
    }

    /** The file extension without the dot, also the name reported in replies. */
    public String extension() {
        return extension;
    }

    /** The ffmpeg muxer name, passed with {@code -f} since the temp file has another extension. */
    public String muxer() {
        return muxer;
    }

    /** The audio encoder used in this container. */
    public String audioEncoder() {
        return audioEncoder;
    }

    /** Whether this container can carry the codec (WebM carries only VP9 here). */
    public boolean carries(Codec codec) {
        return this != WEBM || codec == Codec.VP9;
    }

    /** The container for a file name's extension. */
    public static Optional<Container> forFileName(String name) {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (Container c : values()) {
            if (c.extension.equals(ext)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
