package io.titanicmq.runtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading titanic.broker from the shipped reference.conf, and validation. */
@Timeout(10)
class BrokerSettingsTest {

    @Test
    void readsTheReferenceDefaults() {
        BrokerSettings settings = BrokerSettings.from(ConfigFactory.load().getConfig("titanic"));
        assertTrue(settings.endpoint().startsWith("tcp://"), settings.endpoint());
        assertEquals(Duration.ofMillis(2500), settings.heartbeatInterval());
        assertEquals(3, settings.heartbeatLiveness());
        assertEquals(Duration.ofSeconds(30), settings.requestExpiry());
        assertEquals(64L * 1024 * 1024, settings.maxMessageSize());
    }

    @Test
    void overridesAreRead() {
        BrokerSettings settings = BrokerSettings.from(ConfigFactory.parseString(
                "broker { endpoint = \"tcp://127.0.0.1:*\", heartbeat-interval = 100ms, heartbeat-liveness = 5,"
                        + " request-expiry = 2s, max-message-size = 1KiB, max-frames = 64 }"));
        assertEquals(Duration.ofMillis(100), settings.heartbeatInterval());
        assertEquals(5, settings.heartbeatLiveness());
        assertEquals(1024, settings.maxMessageSize());
        assertEquals(64, settings.maxFrames());
    }

    @Test
    void nonPositiveLivenessIsRefusedWithTheKeyName() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> new BrokerSettings("tcp://127.0.0.1:*", Duration.ofSeconds(1), 0, Duration.ofSeconds(1), 1));
        assertTrue(failure.getMessage().contains("heartbeat-liveness"), failure.getMessage());
    }
}
