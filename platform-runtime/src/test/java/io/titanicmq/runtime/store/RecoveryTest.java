package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;
import static io.titanicmq.runtime.store.StoreTestSupport.open;
import static io.titanicmq.runtime.store.StoreTestSupport.settings;
import static io.titanicmq.runtime.store.StoreTestSupport.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class RecoveryTest {

    @TempDir
    Path dir;

    private final RequestId first = RequestId.random();
    private final RequestId second = RequestId.random();
    private final RequestId last = RequestId.random();

    /** first (replied), second (pending), then {@code last} request as the very last record. */
    private void writeThreeRequests() throws Exception {
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            store.putRequest(first, "s", frames("one"), "key-1").join();
            store.putReply(first, frames("reply one")).join();
            store.putRequest(second, "s", frames("two"), null).join();
            store.putRequest(last, "s", frames("three"), "key-3").join();
        }
    }

    @Test
    void tornLastRequestIsDroppedAtEveryCutAndEarlierRecordsSurvive() throws Exception {
        writeThreeRequests();
        Path segment = JournalFiles.lastSegment(dir);
        byte[] original = Files.readAllBytes(segment);
        List<Long> offsets = JournalFiles.frameOffsets(segment);
        long lastStart = offsets.get(offsets.size() - 1);
        for (long cut = lastStart + 1; cut < original.length; cut++) {
            Files.write(segment, java.util.Arrays.copyOf(original, (int) cut));
            RecordingMonitor monitor = new RecordingMonitor();
            try (JournalStore store = open(settings(dir), monitor)) {
                assertEquals(List.of("reply one"), texts(store.get(first).orElseThrow()), "cut at " + cut);
                assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(second));
                assertEquals(Optional.empty(), store.get(last), "torn request served at cut " + cut);
                assertEquals(Optional.empty(), store.findByIdempotencyKey("key-3"));
                assertEquals(List.of(second), store.pending().stream().map(PendingRequest::id).toList());
            }
            assertEquals(1, monitor.reports.size(), "cut at " + cut + ": " + monitor.reports);
            RecordingMonitor.Report torn = monitor.of("torn").get(0);
            assertEquals(segment, torn.segment());
            assertEquals(lastStart, torn.offset());
            assertEquals(lastStart, Files.size(segment), "torn tail truncated");
        }
    }

    @Test
    void tornReplyIsNeverServedAsReply() throws Exception {
        writeThreeRequests();
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            store.putReply(second, frames("reply two", "x".repeat(300))).join();
        }
        Path segment = JournalFiles.lastSegment(dir);
        byte[] original = Files.readAllBytes(segment);
        List<Long> offsets = JournalFiles.frameOffsets(segment);
        long replyStart = offsets.get(offsets.size() - 1);
        for (long cut = replyStart + 1; cut < original.length; cut += 7) {
            Files.write(segment, java.util.Arrays.copyOf(original, (int) cut));
            RecordingMonitor monitor = new RecordingMonitor();
            try (JournalStore store = open(settings(dir), monitor)) {
                assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(second), "cut at " + cut);
                assertEquals(2, store.pending().size());
            }
            assertEquals(1, monitor.of("torn").size());
        }
    }

    @Test
    void flippedByteAnywhereInAMiddleRecordIsReportedAndSkippedAlone() throws Exception {
        writeThreeRequests();
        Path segment = JournalFiles.lastSegment(dir);
        byte[] original = Files.readAllBytes(segment);
        List<Long> offsets = JournalFiles.frameOffsets(segment);
        long replyStart = offsets.get(1);
        long replyEnd = offsets.get(2);
        for (long at = replyStart; at < replyEnd; at++) {
            Files.write(segment, original);
            JournalFiles.flipByte(segment, at);
            RecordingMonitor monitor = new RecordingMonitor();
            try (JournalStore store = open(settings(dir), monitor)) {
                assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(first),
                        "corrupt reply must not be served (flip at " + at + ")");
                assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(second));
                assertEquals(Optional.of(new RequestState.Pending("s", 0)), store.get(last));
                assertEquals(Optional.of(last), store.findByIdempotencyKey("key-3"));
            }
            assertEquals(1, monitor.reports.size(), "flip at " + at + ": " + monitor.reports);
            RecordingMonitor.Report report = monitor.of("corrupt").get(0);
            assertEquals(segment, report.segment());
            assertEquals(replyStart, report.offset(), report.detail());
        }
    }

    @Test
    void truncatedEarlierSegmentIsReportedAndLaterSegmentsAreRead() throws Exception {
        List<RequestId> ids = new java.util.ArrayList<>();
        try (JournalStore store = open(settings(dir).withSegmentSize(4096), new RecordingMonitor())) {
            for (int i = 0; i < 100; i++) {
                RequestId id = RequestId.random();
                ids.add(id);
                store.putRequest(id, "s", frames("request body " + i + " " + "p".repeat(100)), null).join();
            }
        }
        List<Path> segments = JournalFiles.segments(dir);
        assertTrue(segments.size() >= 3, "several segments: " + segments);
        Path damaged = segments.get(0);
        List<Long> offsets = JournalFiles.frameOffsets(damaged);
        long cutRecord = offsets.get(offsets.size() - 2);
        JournalFiles.truncate(damaged, cutRecord + 15);
        RecordingMonitor monitor = new RecordingMonitor();
        try (JournalStore store = open(settings(dir).withSegmentSize(4096), monitor)) {
            int lostIndex = offsets.size() - 2;
            for (int i = 0; i < ids.size(); i++) {
                boolean lost = i == lostIndex || i == lostIndex + 1;
                assertEquals(!lost, store.get(ids.get(i)).isPresent(), "request " + i);
            }
            assertEquals(ids.size() - 2, store.pending().size());
        }
        assertEquals(1, monitor.reports.size(), monitor.reports.toString());
        RecordingMonitor.Report report = monitor.of("corrupt").get(0);
        assertEquals(damaged, report.segment());
        assertEquals(cutRecord, report.offset());
        assertEquals(cutRecord + 15, Files.size(damaged), "an earlier segment is reported, not rewritten");
    }

    @Test
    void segmentWithDamagedHeaderIsSkippedWholeAndStartupContinues() throws Exception {
        writeThreeRequests();
        try (JournalStore store = open(settings(dir), new RecordingMonitor())) {
            store.compact();
            store.putRequest(RequestId.random(), "s", frames("in the new segment"), null).join();
        }
        Path older = JournalFiles.segments(dir).get(0);
        JournalFiles.flipByte(older, 10);
        RecordingMonitor monitor = new RecordingMonitor();
        try (JournalStore store = open(settings(dir), monitor)) {
            assertEquals(Optional.empty(), store.get(second));
            assertEquals(1, store.pending().size());
        }
        assertEquals(List.of(new RecordingMonitor.Report("corrupt", older, 0, monitor.reports.get(0).detail())),
                monitor.reports);
    }

    @Test
    void unknownFormatVersionIsRefusedNamingTheSupportedOnes() throws Exception {
        Files.createDirectories(dir);
        Path segment = SegmentFile.path(dir, 1);
        JournalFiles.append(Files.createFile(segment), SegmentFile.header(1, 7));
        StoreException e = assertThrows(StoreException.class, () -> open(settings(dir), new RecordingMonitor()));
        assertTrue(e.getMessage().contains("version 7"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 2]"), e.getMessage());
        assertTrue(e.getMessage().contains(segment.toString()), e.getMessage());
        assertEquals(SegmentFile.HEADER_SIZE, Files.size(segment), "refused file left untouched");
    }

    @Test
    void gzipBombIsRefusedAsCorruptAndFollowingRecordsSurvive() throws Exception {
        StoreSettings small = settings(dir).withMaxRecordSize(1024 * 1024);
        RequestId bomb = RequestId.random();
        RequestId after = RequestId.random();
        try (JournalStore store = open(small, new RecordingMonitor())) {
            store.putRequest(first, "s", frames("before"), null).join();
        }
        RecordCodec generous = new RecordCodec(64 * 1024 * 1024, 512);
        Path segment = JournalFiles.lastSegment(dir);
        long bombOffset = Files.size(segment);
        JournalFiles.append(segment, generous.encode(new JournalRecord.Request(bomb, 2, System.currentTimeMillis(),
                "s", null, List.of(new byte[32 * 1024 * 1024]))));
        assertTrue(Files.size(segment) - bombOffset < 1024 * 1024, "the bomb fits max-record-size on disk");
        JournalFiles.append(segment, generous.encode(new JournalRecord.Request(after, 3, System.currentTimeMillis(),
                "s", null, frames("after"))));
        RecordingMonitor monitor = new RecordingMonitor();
        try (JournalStore store = open(small, monitor)) {
            assertEquals(Optional.empty(), store.get(bomb));
            assertTrue(store.get(first).isPresent());
            assertTrue(store.get(after).isPresent());
        }
        assertEquals(1, monitor.reports.size(), monitor.reports.toString());
        RecordingMonitor.Report report = monitor.of("corrupt").get(0);
        assertEquals(bombOffset, report.offset());
        assertTrue(report.detail().contains("inflates beyond"), report.detail());
    }

    @Test
    void replyCorruptedOnDiskAfterRecoveryIsReportedNotServed() throws Exception {
        RecordingMonitor monitor = new RecordingMonitor();
        try (JournalStore store = open(settings(dir).withFsync(false), monitor)) {
            RequestId id = RequestId.random();
            store.putRequest(id, "s", frames("x"), null).join();
            store.putReply(id, List.of(new byte[1 << 17])).join();
            Path segment = JournalFiles.lastSegment(dir);
            List<Long> offsets = JournalFiles.frameOffsets(segment);
            JournalFiles.flipByte(segment, offsets.get(1) + 40);
            RequestState state = store.get(id).orElseThrow();
            assertInstanceOf(RequestState.Failed.class, state);
            assertFalse(monitor.of("corrupt").isEmpty());
        }
    }
}
