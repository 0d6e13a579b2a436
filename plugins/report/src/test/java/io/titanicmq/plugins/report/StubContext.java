package io.titanicmq.plugins.report;

import io.titanicmq.api.WorkerContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** A worker context for tests over a flat map of settings. */
record StubContext(Map<String, Object> config) implements WorkerContext {

    @Override
    public String pluginId() {
        return "report";
    }

    @Override
    public Optional<String> setting(String path) {
        return Optional.ofNullable(config.get(path)).map(String::valueOf);
    }

    @Override
    public System.Logger logger() {
        return System.getLogger("report-test");
    }

    @Override
    public Path dataDir() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }
}
