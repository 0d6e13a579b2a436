package io.titanicmq.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.titanicmq.runtime.broker.BrokerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Config load(Map<String, String> env, String file) throws Exception {
        Path conf = dir.resolve("server.conf");
        Files.writeString(conf, file);
        return new ConfigLoader(env, Optional.empty()).load(Optional.of(conf));
    }

    @Test
    void defaultsComeFromReferenceConf() throws Exception {
        Config titanic = new ConfigLoader(Map.of(), Optional.empty()).load(Optional.empty());
        assertEquals("tcp://127.0.0.1:5555", titanic.getString("broker.endpoint"));
        assertEquals(3, titanic.getInt("broker.heartbeat-liveness"));
        assertEquals("data/journal", titanic.getString("store.dir"));
    }

    @Test
    void environmentVariablesWinOverTheUsersFile() throws Exception {
        Config titanic = load(Map.of("TITANIC_ENDPOINT", "tcp://127.0.0.1:7777", "TITANIC_PLUGINS_DIR", "/opt/p"),
                "titanic.broker.endpoint = \"tcp://127.0.0.1:6666\"\n");
        assertEquals("tcp://127.0.0.1:7777", titanic.getString("broker.endpoint"));
        assertEquals("/opt/p", titanic.getString("plugin-host.dir"));
    }

    @Test
    void dataDirMovesTheJournalWithIt() throws Exception {
        Config fromEnv = load(Map.of("TITANIC_DATA_DIR", "/var/lib/titanic"), "");
        assertEquals("/var/lib/titanic/journal", fromEnv.getString("store.dir"));
        Config fromFile = load(Map.of(), "titanic.data-dir = \"/srv/t\"\n");
        assertEquals("/srv/t/journal", fromFile.getString("store.dir"));
    }

    @Test
    void aBadValueNamesFileLineAndKey() throws Exception {
        Config titanic = load(Map.of(), "titanic {\n  broker {\n    heartbeat-liveness = lots\n  }\n}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> BrokerSettings.from(titanic));
        assertTrue(e.getMessage().contains("server.conf: 3"), e.getMessage());
        assertTrue(e.getMessage().contains("heartbeat-liveness"), e.getMessage());
    }

    @Test
    void aWrongTypeInAnObjectIsCaughtAtLoad() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> load(Map.of(), "titanic.broker = 5\n"));
        assertTrue(e.getMessage().contains("server.conf: 1"), e.getMessage());
        assertTrue(e.getMessage().contains("titanic.broker"), e.getMessage());
    }

    @Test
    void anUnknownKeyStopsStartUpWithItsLine() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> load(Map.of(), "titanic.broker.heartbeat-intervall = 1s\n"));
        assertTrue(e.getMessage().contains("heartbeat-intervall"), e.getMessage());
        assertTrue(e.getMessage().contains("server.conf: 1"), e.getMessage());
    }

    @Test
    void perServiceMapsTakeAnyServiceName() throws Exception {
        Config titanic = load(Map.of(), "titanic.workers.concurrency-by-service { echo = 3 }\n"
                + "titanic.dispatcher.attempt-timeout-by-service { \"video.encode\" = 4h }\n");
        assertEquals(3, titanic.getInt("workers.concurrency-by-service.echo"));
    }

    @Test
    void pluginSectionsAreFreeForm() throws Exception {
        Config titanic = load(Map.of(), "titanic.plugins.echo { anything = 1, nested { x = y } }\n");
        assertEquals(1, titanic.getInt("plugins.echo.anything"));
    }

    @Test
    void relativeDirectoriesResolveAgainstTheInstallation() throws Exception {
        Config titanic = new ConfigLoader(Map.of(), Optional.of(dir)).load(Optional.empty());
        assertEquals(dir.resolve("plugins").toString(), titanic.getString("plugin-host.dir"));
        assertEquals(dir.resolve("data/journal").toString(), titanic.getString("store.dir"));
    }

    @Test
    void aMissingConfigFileIsAClearError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new ConfigLoader(Map.of(), Optional.empty()).load(Optional.of(dir.resolve("nope.conf"))));
        assertTrue(e.getMessage().contains("config file not found"), e.getMessage());
    }
}
