package io.titanicmq.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import java.util.Map;

/**
 * Refuses keys the reference does not know, so a typo ({@code heartbeat-intervall}) stops
 * start-up instead of silently keeping the default. {@code titanic.plugins.*} belongs to the
 * plug-ins and the {@code *-by-service} maps are keyed by service name: neither is checked.
 */
final class UnknownKeys {

    private UnknownKeys() {
    }

    static void check(Config titanic, Config reference) {
        for (Map.Entry<String, ConfigValue> entry : titanic.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("plugins.") || key.contains("-by-service.")) {
                continue;
            }
            if (!reference.hasPathOrNull(key) && !underListOrObjectValue(reference, key)) {
                throw new ConfigException.BadPath(entry.getValue().origin(), "titanic." + key,
                        "unknown configuration key (see reference.conf for the keys TitanicMQ reads)");
            }
        }
    }

    /** True when a prefix of {@code key} is itself a leaf value in the reference (e.g. an object-valued default). */
    private static boolean underListOrObjectValue(Config reference, String key) {
        int dot = key.lastIndexOf('.');
        while (dot > 0) {
            String prefix = key.substring(0, dot);
            if (reference.hasPath(prefix) && reference.getValue(prefix).valueType() != com.typesafe.config.ConfigValueType.OBJECT) {
                return true;
            }
            dot = prefix.lastIndexOf('.');
        }
        return false;
    }
}
