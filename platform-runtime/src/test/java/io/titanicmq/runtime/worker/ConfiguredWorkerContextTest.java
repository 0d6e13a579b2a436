package io.titanicmq.runtime.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfiguredWorkerContextTest {

    @TempDir
    Path data;

    private static Config titanic(String text) {
        return ConfigFactory.parseString(text).getConfig("titanic");
    }

    @Test
    void handsThePluginItsOwnSectionUnwrappedAndByPath() {
        ConfiguredWorkerContext c = new ConfiguredWorkerContext("video",
                titanic("titanic.plugins { video { codec = h264, limits { max-size = 10 } }, other { secret = x } }"), data);
        assertEquals("video", c.pluginId());
        assertEquals(Map.of("codec", "h264", "limits", Map.of("max-size", 10)), c.config());
        assertEquals(Optional.of("10"), c.setting("limits.max-size"));
        assertEquals(Optional.empty(), c.setting("secret"));
        assertEquals("titanic.plugin.video", c.logger().getName());
    }

    @Test
    void anAbsentSectionIsEmptyAndTheDataDirExists() {
        ConfiguredWorkerContext c = new ConfiguredWorkerContext("echo", titanic("titanic { }"), data);
        assertEquals(Map.of(), c.config());
        assertEquals(Optional.empty(), c.setting("anything"));
        assertEquals(data.resolve("plugins").resolve("echo"), c.dataDir());
        assertTrue(Files.isDirectory(c.dataDir()));
    }
}
