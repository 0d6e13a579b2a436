package io.titanicmq.runtime.titanic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;

/** titanic.limits: the reference defaults, overrides, and eager validation naming the key. */
class LimitsTest {

    private static Config titanic(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(ConfigFactory.defaultReference()).resolve()
                .getConfig("titanic");
    }

    @Test
    void readsTheReferenceDefaults() {
        Limits limits = Limits.from(titanic(""));
        assertEquals(48L << 20, limits.maxRequestSize());
        assertEquals(48L << 20, limits.maxReplySize());
        assertEquals(1_000_000, limits.maxPending());
        assertEquals(0, limits.maxPendingPerService());
        assertEquals(128L << 20, limits.minFreeDisk());
        assertEquals(0, limits.maxStoreSize());
    }

    @Test
    void overridesAreRead() {
        Limits limits = Limits.from(titanic("titanic.limits { max-request-size = 1MiB, max-pending-per-service = 7,"
                + " max-store-size = 2GiB, min-free-disk = 0 }"));
        assertEquals(1L << 20, limits.maxRequestSize());
        assertEquals(7, limits.maxPendingPerService());
        assertEquals(2L << 30, limits.maxStoreSize());
        assertEquals(0, limits.minFreeDisk());
    }

    @Test
    void badValuesStopStartUpNamingTheKey() {
        ConfigException negative = assertThrows(ConfigException.class,
                () -> Limits.from(titanic("titanic.limits.max-pending-per-service = -1")));
        assertTrue(negative.getMessage().contains("titanic.limits.max-pending-per-service"), negative.getMessage());
        ConfigException zero = assertThrows(ConfigException.class, () -> Limits.from(titanic("titanic.limits.max-pending = 0")));
        assertTrue(zero.getMessage().contains("titanic.limits.max-pending"), zero.getMessage());
        ConfigException tooBig = assertThrows(ConfigException.class,
                () -> Limits.from(titanic("titanic.limits.max-reply-size = 200MiB")));
        assertTrue(tooBig.getMessage().contains("titanic.limits.max-reply-size")
                && tooBig.getMessage().contains("max-record-size (96 MiB)"), tooBig.getMessage());
        assertThrows(ConfigException.class, () -> Limits.from(titanic("titanic.limits.min-free-disk = lots")));
    }

    @Test
    void sizesReadForPeople() {
        assertEquals("512 B", Limits.size(512));
        assertEquals("64 KiB", Limits.size(64 * 1024));
        assertEquals("2.1 GiB", Limits.size(2_254_857_830L));
    }
}
