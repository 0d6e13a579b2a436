package io.titanicmq.plugins.video;

import io.titanicmq.api.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A request for tests: one body frame, progress recorded, optionally cancelled after the first progress call. */
final class StubRequest implements Request {

    private final List<byte[]> frames;
    private final Path scratch;
    private final boolean cancelOnProgress;
    final List<Double> fractions = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();

    private StubRequest(String body, Path scratch, boolean cancelOnProgress) {
        this.frames = List.of(body.getBytes(StandardCharsets.UTF_8));
        this.scratch = scratch;
        this.cancelOnProgress = cancelOnProgress;
    }

    /** A request that is never cancelled. */
    static StubRequest of(String body, Path scratch) {
        return new StubRequest(body, scratch, false);
    }

    /** A request whose {@link #isCancelled()} turns true once progress was reported. */
    static StubRequest cancelledAfterFirstProgress(String body, Path scratch) {
        return new StubRequest(body, scratch, true);
    }

    @Override
    public List<byte[]> frames() {
        return frames;
    }

    @Override
    public Optional<String> id() {
        return Optional.of("0123456789abcdef0123456789abcdef");
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public void progress(double fraction, String message) {
        fractions.add(fraction);
        messages.add(message);
    }

    @Override
    public boolean isCancelled() {
        return cancelOnProgress && !fractions.isEmpty();
    }

    @Override
    public Path scratchDir() {
        return scratch;
    }
}
