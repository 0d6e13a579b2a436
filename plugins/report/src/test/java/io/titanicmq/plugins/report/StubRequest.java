package io.titanicmq.plugins.report;

import io.titanicmq.api.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A request for tests: one body frame, never cancelled, progress ignored. */
record StubRequest(List<byte[]> frames) implements Request {

    static StubRequest of(String body) {
        return new StubRequest(List.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<String> id() {
        return Optional.empty();
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public void progress(double fraction, String message) {
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public Path scratchDir() {
        throw new UnsupportedOperationException("the report worker needs no scratch directory");
    }
}
