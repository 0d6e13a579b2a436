package io.titanicmq.runtime.plugins;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code titanic.plugin-host} section: where plug-ins are found and how the directory is watched.
 *
 * @param dir the directory scanned for plug-in jars and zips
 * @param watch whether to load plug-ins copied in and unload those removed while running
 * @param settleTime how long a new or changed file must keep its size and time before it is loaded
 * @param modulePathWorkers whether to also serve workers found with {@link java.util.ServiceLoader}
 *     on the module path (or the class path, when the runtime runs there)
 */
public record PluginHostSettings(Path dir, boolean watch, Duration settleTime, boolean modulePathWorkers) {

    /** Checks the values; the config reader reports key and origin, this the programming error. */
    public PluginHostSettings {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(settleTime, "settleTime");
        if (settleTime.isNegative()) {
            throw new IllegalArgumentException("settleTime must not be negative, was " + settleTime);
        }
    }

    /**
     * Reads {@code plugin-host.*} from the {@code titanic} section.
     *
     * @param titanic the {@code titanic} section (reference.conf holds every default)
     * @return the validated settings; a relative {@code dir} resolves against the working directory
     * @throws ConfigException.BadValue naming key and origin when a value is out of range
     */
    public static PluginHostSettings from(Config titanic) {
        Config h = titanic.getConfig("plugin-host");
        Path dir;
        try {
            dir = Path.of(h.getString("dir")).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new ConfigException.BadValue(h.getValue("dir").origin(), "titanic.plugin-host.dir",
                    "not a path: " + e.getMessage(), e);
        }
        Duration settle = h.getDuration("settle-time");
        if (settle.isNegative()) {
            throw new ConfigException.BadValue(h.getValue("settle-time").origin(), "titanic.plugin-host.settle-time",
                    "must not be negative, was " + settle);
        }
        return new PluginHostSettings(dir, h.getBoolean("watch"), settle, h.getBoolean("module-path-workers"));
    }
}
