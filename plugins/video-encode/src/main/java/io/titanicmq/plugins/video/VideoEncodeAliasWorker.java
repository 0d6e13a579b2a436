package io.titanicmq.plugins.video;

/** Serves {@code video_encode}, the same as {@link VideoEncodeWorker}, for clients using the old name. */
public final class VideoEncodeAliasWorker extends VideoEncodeWorker {

    /** The worker for {@code video_encode}. */
    public VideoEncodeAliasWorker() {
        super("video_encode");
    }
}
