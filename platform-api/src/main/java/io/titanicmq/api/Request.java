package io.titanicmq.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** One request handed to {@link Worker#handle(Request)}, with what the handler may use for it. */
public interface Request {

    /** The request body frames, as the client sent them after the service name. */
    List<byte[]> frames();

    /** The frame at {@code index} decoded as UTF-8. */
    default String text(int index) {
        return new String(frames().get(index), StandardCharsets.UTF_8);
    }

    /** The Titanic request id (32 hex characters) when Titanic dispatched it; empty for a direct MDP call. */
    Optional<String> id();

    /** Which try this is, 1 for the first; handlers that are not idempotent can use it with {@link #id()}. */
    int attempt();

    /**
     * Reports progress of a long job.
     *
     * @param fraction done so far, 0.0 to 1.0
     * @param message a short human text, e.g. {@code "frame 120/300, 48 fps"}
     */
    void progress(double fraction, String message);

    /** True once the request was cancelled or the host is stopping; long handlers should poll it and give up. */
    boolean isCancelled();

    /** A scratch directory for this request alone, created on first call and deleted after the handler returned. */
    Path scratchDir();
}
