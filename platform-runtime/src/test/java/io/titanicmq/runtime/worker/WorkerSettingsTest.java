package io.titanicmq.runtime.worker;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkerSettingsTest {

    private static Config titanic(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).getConfig("titanic");
    }

    @Test
    void readsTheReferenceDefaultsAndResolvesConcurrencyZeroToProcessors() {
        WorkerSettings s = WorkerSettings.from(titanic(""), "tcp://127.0.0.1:5555");
        assertEquals("tcp://127.0.0.1:5555", s.broker());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.concurrency());
        assertEquals(Duration.ofMillis(2500), s.heartbeatInterval());
        assertEquals(3, s.heartbeatLiveness());
        assertEquals(Duration.ofSeconds(1), s.reconnectDelay());
        assertEquals(Duration.ofSeconds(10), s.stopGrace());
    }

    @Test
    void anExplicitBrokerWinsOverTheDefault() {
        WorkerSettings s = WorkerSettings.from(titanic("titanic.workers { broker = \"tcp://127.0.0.1:7000\", concurrency = 3 }"),
                "tcp://127.0.0.1:5555");
        assertEquals("tcp://127.0.0.1:7000", s.broker());
        assertEquals(3, s.concurrency());
    }

    @Test
    void aBadValueNamesItsKey() {
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> WorkerSettings.from(titanic("titanic.workers.heartbeat-liveness = 0"), "tcp://127.0.0.1:5555"));
        assertTrue(e.getMessage().contains("titanic.workers.heartbeat-liveness"), e.getMessage());
        assertThrows(ConfigException.BadValue.class,
                () -> WorkerSettings.from(titanic("titanic.workers.concurrency = -1"), "tcp://127.0.0.1:5555"));
        assertThrows(ConfigException.BadValue.class, () -> WorkerSettings.from(titanic(""), ""));
    }

    @Test
    void videoEncodingRunsOneAtATimeByDefaultAndOverridesArePerService() {
        WorkerSettings defaults = WorkerSettings.from(titanic("titanic.workers.concurrency = 4"), "tcp://127.0.0.1:5555");
        assertEquals(1, defaults.concurrencyFor("video.encode"));
        assertEquals(4, defaults.concurrencyFor("echo"));
        WorkerSettings custom = WorkerSettings.from(titanic("titanic.workers.concurrency-by-service { echo = 7 }"),
                "tcp://127.0.0.1:5555");
        assertEquals(7, custom.concurrencyFor("echo"));
        assertThrows(ConfigException.BadValue.class, () -> WorkerSettings.from(
                titanic("titanic.workers.concurrency-by-service { echo = 0 }"), "tcp://127.0.0.1:5555"));
    }
}
