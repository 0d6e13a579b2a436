package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static io.titanicmq.runtime.store.StoreTestSupport.texts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Guards format version 1 against accidental change: a committed segment must still read the same. */
@Timeout(30)
class GoldenFormatTest {

    private static final String GOLDEN = "golden-v1/00000000000000000001.seg";

    @TempDir
    Path dir;

    private byte[] golden() throws Exception {
        try (InputStream in = GoldenFormatTest.class.getResourceAsStream(GOLDEN)) {
            return in.readAllBytes();
        }
    }

    @Test
    void committedVersionOneSegmentIsRecoveredToTheSameState() throws Exception {
        Files.write(dir.resolve("00000000000000000001.seg"), golden());
        RecordingMonitor monitor = new RecordingMonitor();
        try (JournalStore store = open(settings(dir).withRetention(Duration.ZERO), monitor)) {
            assertEquals(List.of("HELLO", "WORLD"), texts(store.get(GoldenRecords.REPLIED).orElseThrow()));
            assertEquals(Optional.of(new RequestState.Failed("worker kept crashing")), store.get(GoldenRecords.FAILED));
            assertEquals(List.of(GoldenRecords.BIG), texts(store.get(GoldenRecords.COMPRESSED).orElseThrow()));
            assertEquals(Optional.empty(), store.get(GoldenRecords.CLOSED));
            assertEquals(Optional.of(new RequestState.Pending("echo", 3)), store.get(GoldenRecords.PENDING));
            assertEquals(Optional.of(GoldenRecords.REPLIED), store.findByIdempotencyKey("client-1/1"));
            assertEquals(Optional.empty(), store.findByIdempotencyKey("k4"));
            List<PendingRequest> pending = store.pending();
            assertEquals(1, pending.size());
            assertEquals(List.of("pending"), texts(store.requestBody(pending.get(0).id()).orElseThrow()));
            RequestId next = RequestId.random();
            store.putRequest(next, "echo", StoreTestSupport.frames("after"), null).join();
            assertEquals(List.of(GoldenRecords.PENDING, next), store.pending().stream().map(PendingRequest::id).toList());
        }
        monitor.assertClean();
    }

    @Test
    void encoderStillWritesTheCommittedBytes() throws Exception {
        byte[] golden = golden();
        assertArrayEquals(Arrays.copyOf(golden, SegmentFile.HEADER_SIZE), SegmentFile.header(1, 1).array());
        RecordCodec codec = new RecordCodec(1 << 20, 512);
        int offset = SegmentFile.HEADER_SIZE;
        for (JournalRecord record : GoldenRecords.all()) {
            ByteBuffer frame = codec.encode(record);
            int length = RecordFrame.HEADER_SIZE + ByteBuffer.wrap(golden, offset + 2, 4).getInt();
            if ((golden[offset + 1] & RecordFrame.FLAG_GZIP) == 0) {
                byte[] expected = Arrays.copyOfRange(golden, offset, offset + length);
                assertArrayEquals(expected, Arrays.copyOfRange(frame.array(), 0, frame.limit()), record.toString());
            }
            offset += length;
        }
        assertEquals(golden.length, offset);
    }
}
