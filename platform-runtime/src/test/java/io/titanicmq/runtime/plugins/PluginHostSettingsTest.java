package io.titanicmq.runtime.plugins;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginHostSettingsTest {

    @Test
    void readsTheReferenceDefaults() {
        PluginHostSettings s = PluginHostSettings.from(ConfigFactory.defaultReference().getConfig("titanic"));
        assertEquals(Path.of("plugins").toAbsolutePath(), s.dir());
        assertTrue(s.watch());
        assertEquals(Duration.ofMillis(500), s.settleTime());
        assertTrue(s.modulePathWorkers());
    }

    @Test
    void aNegativeSettleTimeNamesItsKey() {
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class, () -> PluginHostSettings.from(
                ConfigFactory.parseString("titanic.plugin-host.settle-time = -1s")
                        .withFallback(ConfigFactory.defaultReference()).getConfig("titanic")));
        assertTrue(e.getMessage().contains("titanic.plugin-host.settle-time"), e.getMessage());
    }
}
