package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class StoresTest {

    @TempDir
    Path dir;

    @Test
    void journalBackendIsFoundThroughServiceLoader() throws Exception {
        try (RequestStore store = Stores.open(StoreSettings.defaults(dir), new RecordingMonitor())) {
            assertInstanceOf(JournalStore.class, store);
            RequestId id = RequestId.random();
            store.putRequest(id, "s", frames("x"), null).join();
            assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(id));
        }
    }

    @Test
    void unknownBackendIsRefusedListingTheAvailableOnes() {
        StoreException e = assertThrows(StoreException.class,
                () -> Stores.open(StoreSettings.defaults(dir).withBackend("rocksdb"), new RecordingMonitor()));
        assertTrue(e.getMessage().contains("'rocksdb'"), e.getMessage());
        assertTrue(e.getMessage().contains("available: [journal]"), e.getMessage());
    }

    @Test
    void settingsComeFromReferenceConfWithTheJournalUnderTheDataDir() {
        Config config = ConfigFactory.load(ConfigFactory.parseString("titanic.data-dir = \"/var/lib/titanic\""));
        StoreSettings settings = StoreSettings.from(config.getConfig("titanic"));
        assertEquals("journal", settings.backend());
        assertEquals(Path.of("/var/lib/titanic/journal"), settings.dir());
        assertEquals(64L * 1024 * 1024, settings.segmentSize());
        assertEquals(Duration.ofDays(7), settings.retention());
        assertTrue(settings.fsync());
    }

    @Test
    void badValueIsReportedWithItsKeyAndOrigin() {
        Config config = ConfigFactory.parseString("titanic.store.segment-size = 1KiB",
                        com.typesafe.config.ConfigParseOptions.defaults().setOriginDescription("application.conf"))
                .withFallback(ConfigFactory.defaultReferenceUnresolved()).resolve();
        ConfigException.BadValue e = assertThrows(ConfigException.BadValue.class,
                () -> StoreSettings.from(config.getConfig("titanic")));
        assertTrue(e.getMessage().contains("titanic.store.segment-size"), e.getMessage());
        assertTrue(e.getMessage().contains("application.conf"), e.getMessage());
    }
}
