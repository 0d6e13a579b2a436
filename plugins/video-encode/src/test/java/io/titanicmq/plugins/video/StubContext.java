package io.titanicmq.plugins.video;

import io.titanicmq.api.WorkerContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A worker context for tests over a flat map of settings. */
record StubContext(Map<String, Object> config, Path dataDir) implements WorkerContext {

    @Override
    public String pluginId() {
        return "video-encode";
    }

    @Override
    public Optional<String> setting(String path) {
        return Optional.ofNullable(config.get(path)).map(String::valueOf);
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("video-encode-test");
    }
}
