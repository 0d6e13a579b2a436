package io.titanicmq.runtime.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import io.titanicmq.api.WorkerContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link WorkerContext} the platform hands a hosted worker: its section
 * {@code titanic.plugins.<plugin-id>}, a logger {@code titanic.plugin.<plugin-id>} and the directory
 * {@code <data-dir>/plugins/<plugin-id>}.
 */
public final class ConfiguredWorkerContext implements WorkerContext {

    private final String pluginId;
    private final Config section;
    private final Map<String, Object> config;
    private final System.Logger logger;
    private final Path dataDir;

    /**
     * Builds the context and creates its data directory.
     *
     * @param pluginId the plug-in id, or module name, the worker belongs to
     * @param titanic the {@code titanic} section; {@code plugins.<pluginId>} is handed to the worker
     * @param dataRoot the platform's data directory ({@code titanic.data-dir})
     * @throws UncheckedIOException when the data directory cannot be created
     */
    public ConfiguredWorkerContext(String pluginId, Config titanic, Path dataRoot) {
        this.pluginId = Objects.requireNonNull(pluginId, "pluginId");
        this.section = sectionOf(titanic, pluginId);
        this.config = section.root().unwrapped();
        this.logger = System.getLogger("titanic.plugin." + pluginId);
        this.dataDir = dataRoot.resolve("plugins").resolve(pluginId);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + dataDir + " of plug-in " + pluginId, e);
        }
    }

    private static Config sectionOf(Config titanic, String pluginId) {
        String path = ConfigUtil.joinPath("plugins", pluginId);
        if (!titanic.hasPath(path)) {
            return ConfigFactory.empty();
        }
        try {
            return titanic.getConfig(path);
        } catch (ConfigException.WrongType e) {
            throw new ConfigException.BadValue(titanic.getValue(path).origin(), "titanic." + path,
                    "the section of plug-in '" + pluginId + "' must be an object", e);
        }
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public Optional<String> setting(String path) {
        try {
            if (!section.hasPath(path)) {
                return Optional.empty();
            }
            return Optional.of(String.valueOf(section.getValue(path).unwrapped()));
        } catch (ConfigException.BadPath e) {
            throw new IllegalArgumentException("not a config path: '" + path + "' (plug-in " + pluginId + ")", e);
        }
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }
}
