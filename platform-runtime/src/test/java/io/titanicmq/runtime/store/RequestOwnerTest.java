package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Format version 2: the key that submitted a request is stored with it and survives reopening and
 * compaction; version-1 segments stay readable; the directory is created owner-only.
 */
@Timeout(60)
class RequestOwnerTest {

    private static final String OWNER = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

    @TempDir
    Path dir;

    private final RecordingMonitor monitor = new RecordingMonitor();

    @Test
    void ownerSurvivesReopeningTheStore() throws Exception {
        RequestId owned = RequestId.random();
        RequestId anonymous = RequestId.random();
        try (JournalStore store = open(settings(dir), monitor)) {
            store.putRequest(owned, "echo", frames("mine"), "k1", OWNER).join();
            store.putRequest(anonymous, "echo", frames("anyone's"), null).join();
            assertEquals(Optional.of(OWNER), store.owner(owned));
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.of(OWNER), store.owner(owned));
            assertEquals(Optional.empty(), store.owner(anonymous));
            assertEquals(Optional.of(owned), store.findByIdempotencyKey("k1"));
            assertEquals(List.of("mine"), StoreTestSupport.texts(store.requestBody(owned).orElseThrow()));
        }
        monitor.assertClean();
    }

    @Test
    void ownerSurvivesCompaction() throws Exception {
        RequestId owned = RequestId.random();
        try (JournalStore store = open(settings(dir).withRetention(java.time.Duration.ZERO), monitor)) {
            store.putRequest(owned, "echo", frames("mine"), null, OWNER).join();
            for (int i = 0; i < 50; i++) {
                RequestId other = RequestId.random();
                store.putRequest(other, "echo", frames("x".repeat(100)), null).join();
                store.close(other).join();
            }
            store.compact();
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.of(OWNER), store.owner(owned));
        }
        monitor.assertClean();
    }

    @Test
    void newSegmentsAreWrittenInVersionTwo() throws Exception {
        try (JournalStore store = open(settings(dir), monitor)) {
            store.putRequest(RequestId.random(), "echo", frames("x"), null, OWNER).join();
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
            byte[] header = Files.readAllBytes(segment);
            assertEquals(2, ByteBuffer.wrap(header).getShort(4));
        }
    }

    @Test
    void versionOneSegmentStaysReadableNextToVersionTwoRecords() throws Exception {
        try (InputStream in = RequestOwnerTest.class.getResourceAsStream("golden-v1/00000000000000000001.seg")) {
            Files.write(dir.resolve("00000000000000000001.seg"), in.readAllBytes());
        }
        RequestId owned = RequestId.random();
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.empty(), store.owner(GoldenRecords.PENDING));
            store.putRequest(owned, "echo", frames("after"), null, OWNER).join();
        }
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.of(OWNER), store.owner(owned));
            assertEquals(Optional.of(new RequestState.Pending("echo", 3)), store.get(GoldenRecords.PENDING));
        }
        monitor.assertClean();
    }

    @Test
    void storeDirectoryIsCreatedOwnerOnly() throws Exception {
        Path journal = dir.resolve("data").resolve("journal");
        open(settings(journal), monitor).close();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.getParent())),
                "missing parents are created owner-only too");
    }
}
