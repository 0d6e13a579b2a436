package io.titanicmq.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the runtime configuration: environment overrides over the user's file over the
 * {@code reference.conf} defaults, resolved and checked against the reference.
 *
 * <p>Precedence, highest first:
 * <ol>
 *   <li>the environment variables of {@link EnvOverrides} ({@code TITANIC_ENDPOINT}, ...),</li>
 *   <li>Java system properties {@code -Dtitanic....},</li>
 *   <li>the file given with {@code --config}, else {@code $TITANIC_HOME/conf/application.conf} when present,</li>
 *   <li>{@code reference.conf}.</li>
 * </ol>
 * Errors name the file, line and key (typesafe config's origin description).
 */
public final class ConfigLoader {

    /** Keys holding directories; relative values resolve against the installation directory. */
    private static final java.util.List<String> PATH_KEYS = java.util.List.of("data-dir", "plugin-host.dir", "store.dir",
            "security.keys-dir");

    private final Map<String, String> environment;
    private final Optional<Path> home;

    /**
     * @param environment the process environment (injected so tests can set it)
     * @param home the installation directory, if known ({@code -Dtitanic.home})
     */
    public ConfigLoader(Map<String, String> environment, Optional<Path> home) {
        this.environment = Map.copyOf(environment);
        this.home = home;
    }

    /** A loader for this process: its environment and {@code -Dtitanic.home}. */
    public static ConfigLoader forProcess() {
        String home = System.getProperty("titanic.home");
        return new ConfigLoader(System.getenv(), Optional.ofNullable(home).filter(h -> !h.isBlank()).map(Path::of));
    }

    /**
     * Loads and validates the configuration.
     *
     * @param file the file given on the command line, if any; it must exist
     * @return the {@code titanic} subtree, resolved and validated
     * @throws ConfigurationException naming the file, line and key of the first problem
     */
    public Config load(Optional<Path> file) throws ConfigurationException {
        try {
            Config user = userFile(file)
                    .map(f -> ConfigFactory.parseFile(f.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)))
                    .orElse(ConfigFactory.empty());
            ClassLoader loader = ConfigLoader.class.getClassLoader();
            // Unresolved, so ${titanic.data-dir} in reference.conf (store.dir) follows the user's
            // data-dir; defaultReference() would resolve it against the default first.
            Config reference = ConfigFactory.parseResources(loader, "reference.conf");
            Config merged = EnvOverrides.from(environment)
                    .withFallback(ConfigFactory.systemProperties().withOnlyPath("titanic"))
                    .withFallback(user)
                    .withFallback(reference)
                    .resolve();
            Config resolvedReference = ConfigFactory.defaultReference(loader);
            merged.checkValid(resolvedReference, "titanic");
            Config titanic = merged.getConfig("titanic");
            UnknownKeys.check(titanic, resolvedReference.getConfig("titanic"));
            return withHome(titanic);
        } catch (ConfigException e) {
            throw new ConfigurationException(e.getMessage(), e);
        }
    }

    private Optional<Path> userFile(Optional<Path> file) throws ConfigurationException {
        if (file.isPresent()) {
            if (!Files.isRegularFile(file.get())) {
                throw new ConfigurationException("config file not found: " + file.get().toAbsolutePath(), null);
            }
            return file;
        }
        return home.map(h -> h.resolve("conf").resolve("application.conf")).filter(Files::isRegularFile);
    }

    /**
     * Makes the relative directory keys absolute against the installation directory, so
     * {@code bin/titanic} finds {@code plugins/} and {@code data/} wherever it is started from.
     */
    private Config withHome(Config titanic) {
        if (home.isEmpty()) {
            return titanic;
        }
        Map<String, Object> absolute = new HashMap<>();
        for (String key : PATH_KEYS) {
            if (titanic.hasPath(key)) {
                Path p = Path.of(titanic.getString(key));
                if (!p.isAbsolute()) {
                    absolute.put(key, home.get().resolve(p).normalize().toString());
                }
            }
        }
        return ConfigFactory.parseMap(absolute, "relative to installation directory " + home.get())
                .withFallback(titanic);
    }
}
