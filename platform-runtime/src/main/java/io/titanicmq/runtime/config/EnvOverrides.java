package io.titanicmq.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables that override configuration keys, whatever the files say.
 * reference.conf also names them with {@code ${?VAR}}; this layer makes them win over a user's
 * {@code application.conf} too, which plain substitution would not.
 */
public final class EnvOverrides {

    /** Variable name to configuration key (under {@code titanic}). */
    public static final Map<String, String> VARIABLES = Map.of(
            "TITANIC_ENDPOINT", "titanic.broker.endpoint",
            "TITANIC_DATA_DIR", "titanic.data-dir",
            "TITANIC_PLUGINS_DIR", "titanic.plugin-host.dir",
            "TITANIC_BROKER", "titanic.workers.broker");

    private EnvOverrides() {
    }

    /**
     * @param environment the process environment
     * @return a config holding only the overridden keys, with the variable named as origin
     */
    public static Config from(Map<String, String> environment) {
        Config result = ConfigFactory.empty();
        Map<String, String> sorted = new LinkedHashMap<>();
        VARIABLES.keySet().stream().sorted().forEach(v -> sorted.put(v, VARIABLES.get(v)));
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            String value = environment.get(e.getKey());
            if (value != null && !value.isBlank()) {
                result = ConfigFactory.parseMap(Map.of(e.getValue(), value), "environment variable " + e.getKey())
                        .withFallback(result);
            }
        }
        return result;
    }
}
