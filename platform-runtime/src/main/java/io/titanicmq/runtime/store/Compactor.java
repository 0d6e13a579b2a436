package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps disk use tracking the open requests; runs on the writer thread only. A pass:
 * <ol>
 * <li>closes open requests older than {@code retention} (writes CLOSED records);</li>
 * <li>when asked explicitly, rolls the active segment if it holds any record, so it can go too;
 * and on any run when none of its records is live and it holds at least {@link #IDLE_ROLL_BYTES};</li>
 * <li>walks the other segments oldest first. A segment may go only when no segment that could
 *     hold records of requests closed in it remains before it (its CLOSED records are tombstones
 *     until then). Such a segment with no live record is deleted; one whose live records are at
 *     most {@code compaction-live-ratio} of its records is rewritten: its live records are copied
 *     verbatim to the active segment, fsynced, re-pointed in the index, and the segment deleted.</li>
 * </ol>
 * A crash between copy and delete leaves duplicates, which recovery merges.
 */
final class Compactor {

    private static final Logger LOG = LoggerFactory.getLogger(Compactor.class);
    private static final int EXPIRY_BATCH = 4096;

    private final StoreSettings settings;
    private final ChannelFactory channels;
    private final JournalIndex index;
    private final RecordCodec codec;
    private final SegmentReaders readers;
    private final StoreMonitor monitor;
    private JournalWriter writer;

    Compactor(StoreSettings settings, ChannelFactory channels, JournalIndex index, RecordCodec codec,
              SegmentReaders readers, StoreMonitor monitor) {
        this.settings = settings;
        this.channels = channels;
        this.index = index;
        this.codec = codec;
        this.readers = readers;
        this.monitor = monitor;
    }

    /** Size from which an active segment with no live record is rolled (and so deleted) by a periodic run. */
    static final long IDLE_ROLL_BYTES = 1 << 20;

    void writer(JournalWriter value) {
        this.writer = value;
    }

    void run(boolean explicit) throws IOException {
        if (writer.failure() != null) {
            return;
        }
        expire();
        SegmentInfo active = index.segments().get(writer.activeSegment());
        // An active segment whose requests are all closed is rolled too once it is big enough to
        // matter, so an idle store shrinks to near nothing instead of keeping up to a segment.
        if (active.records > 0 && (explicit || (active.live == 0 && active.bytes >= IDLE_ROLL_BYTES))) {
            writer.roll();
        }
        int deleted = 0;
        int rewritten = 0;
        for (SegmentInfo info : new ArrayList<>(index.segments().values())) {
            if (info.number == writer.activeSegment() || !index.tombstonesObsolete(info)) {
                continue;
            }
            if (info.live > 0 && info.live <= info.records * settings.compactionLiveRatio()) {
                rewrite(info);
                rewritten++;
            }
            if (info.live == 0) {
                delete(info);
                deleted++;
            }
        }
        if (deleted + rewritten > 0) {
            LOG.debug("Compacted journal {}: {} segments deleted, {} rewritten; now {} segments, {} bytes, {} open",
                    settings.dir(), deleted, rewritten, index.segmentCount(), index.bytes(), index.open());
        }
    }

    private void expire() throws IOException {
        if (settings.retention().isZero()) {
            return;
        }
        long cutoff = System.currentTimeMillis() - settings.retention().toMillis();
        // The scan walks every open request on the writer thread, so every append waits for it:
        // with a backlog of 500,000 that stalled acceptance for tens of milliseconds each interval.
        if (!index.mayHoldCreatedBefore(cutoff)) {
            return;
        }
        List<RequestId> expired = index.createdBefore(cutoff);
        for (int from = 0; from < expired.size(); from += EXPIRY_BATCH) {
            List<JournalRecord> closes = new ArrayList<>();
            List<ByteBuffer> frames = new ArrayList<>();
            for (RequestId id : expired.subList(from, Math.min(expired.size(), from + EXPIRY_BATCH))) {
                JournalRecord close = new JournalRecord.Closed(id);
                closes.add(close);
                frames.add(codec.encode(close));
            }
            List<Location> at = writer.writeDurably(frames);
            for (int i = 0; i < closes.size(); i++) {
                index.apply(closes.get(i), at.get(i));
            }
        }
        if (!expired.isEmpty()) {
            LOG.info("Closed {} requests of journal {} older than the retention of {}",
                    expired.size(), settings.dir(), settings.retention());
        }
    }

    private void rewrite(SegmentInfo info) throws IOException {
        Path path = SegmentFile.path(settings.dir(), info.number);
        List<JournalRecord> records = new ArrayList<>();
        List<Location> from = new ArrayList<>();
        List<ByteBuffer> frames = new ArrayList<>();
        try (FileChannel channel = channels.open(path, StandardOpenOption.READ)) {
            new SegmentScanner(channel, channel.size(), path, codec, monitor).scan((record, offset, frame) -> {
                IndexEntry entry = index.get(record.id());
                if (entry != null && entry.hasRecordIn(info.number)) {
                    records.add(record);
                    from.add(new Location(info.number, offset));
                    frames.add(ByteBuffer.allocate(frame.remaining()).put(frame).flip());
                }
            });
        }
        List<Location> to = writer.writeDurably(frames);
        for (int i = 0; i < records.size(); i++) {
            index.relocate(records.get(i), from.get(i), to.get(i));
        }
        if (info.live > 0) {
            LOG.warn("Journal {}: {} live records of {} could not be read back for compaction; segment kept",
                    settings.dir(), info.live, path);
        }
    }

    private void delete(SegmentInfo info) throws IOException {
        readers.forget(info.number);
        Files.deleteIfExists(SegmentFile.path(settings.dir(), info.number));
        index.removeSegment(info.number);
        if (settings.fsync()) {
            SegmentFile.syncDirectory(channels, settings.dir());
        }
    }
}
