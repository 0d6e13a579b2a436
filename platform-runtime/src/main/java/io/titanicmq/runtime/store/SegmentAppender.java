package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active segment file: appends frames (in the layout of {@link JournalWriter}) with one
 * gathering write and one fsync per call, and rolls to a new segment when the next frame would
 * take the current one past {@code segment-size}. Used by the writer thread only.
 */
final class SegmentAppender {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentAppender.class);
    /** Bytes a recovery probe must be able to write and fsync before appends resume. */
    static final int PROBE_BYTES = 64 * 1024;
    /** Ends like a segment being created, so recovery deletes a leftover one. */
    private static final String PROBE_FILE = "probe.seg.tmp";

    private final StoreSettings settings;
    private final ChannelFactory channels;
    private final JournalIndex index;
    private final AtomicLong fsyncs = new AtomicLong();
    private FileChannel channel;
    private long active;
    private long position;
    private boolean rolled;
    /** Where the last successful append or rollover left the files: everything before is durable. */
    private long durableSegment;
    private long durablePosition;

    /** Continues the last recovered segment, or creates the next one. */
    SegmentAppender(StoreSettings settings, ChannelFactory channels, JournalIndex index,
                    JournalRecovery.Outcome recovered) throws IOException {
        this.settings = settings;
        this.channels = channels;
        this.index = index;
        if (recovered.canAppend()) {
            active = recovered.lastSegment();
            position = recovered.end();
            channel = channels.open(SegmentFile.path(settings.dir(), active), StandardOpenOption.WRITE);
            channel.position(position);
        } else {
            create(recovered.maxNumber() + 1);
        }
        markDurable();
    }

    long active() {
        return active;
    }

    long position() {
        return position;
    }

    long fsyncs() {
        return fsyncs.get();
    }

    /** Whether a rollover happened since the last call. */
    boolean takeRolled() {
        boolean was = rolled;
        rolled = false;
        return was;
    }

    /** Writes the frames durably (fsync unless switched off) and returns where each landed. */
    List<Location> append(List<ByteBuffer> frames) throws IOException {
        List<Location> locations = new ArrayList<>(frames.size());
        List<ByteBuffer> chunk = new ArrayList<>(frames.size());
        for (ByteBuffer frame : frames) {
            int length = frame.remaining();
            if (position > SegmentFile.HEADER_SIZE && position + length > settings.segmentSize()) {
                flush(chunk);
                close();
                create(active + 1);
                rolled = true;
            }
            locations.add(new Location(active, position));
            position += length;
            chunk.add(frame);
        }
        flush(chunk);
        markDurable();
        return locations;
    }

    /** Closes the active segment and starts the next one. */
    void roll() throws IOException {
        close();
        create(active + 1);
        rolled = true;
        markDurable();
    }

    private void markDurable() {
        durableSegment = active;
        durablePosition = position;
    }

    /**
     * After a failed write, fsync or rollover: cuts everything the failed call may have left (it
     * was never acknowledged) so the files end where the last durable batch ended, then checks
     * that the disk takes a write again (a {@value #PROBE_BYTES}-byte file written, fsynced and
     * deleted: room for more than the few bytes the cut freed) and continues in a fresh segment.
     * Segments the failed call created are deleted, the one it began in is truncated and fsynced.
     * Throws while the fault persists (e.g. the disk is still full); call again later.
     */
    void recover() throws IOException {
        close();
        long last = Math.max(active, durableSegment);
        for (long number = last; number > durableSegment; number--) {
            Files.deleteIfExists(SegmentFile.path(settings.dir(), number));
            index.removeSegment(number);
        }
        try (FileChannel cut = channels.open(SegmentFile.path(settings.dir(), durableSegment), StandardOpenOption.WRITE)) {
            if (cut.size() > durablePosition) {
                cut.truncate(durablePosition);
            }
            cut.force(true);
        }
        index.truncated(durableSegment, durablePosition);
        SegmentFile.syncDirectory(channels, settings.dir());
        probeWrite();
        active = durableSegment;
        position = durablePosition;
        create(last + 1);
        rolled = true;
        markDurable();
    }

    private void probeWrite() throws IOException {
        Path probe = settings.dir().resolve(PROBE_FILE);
        try (FileChannel file = channels.open(probe, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            SegmentFile.writeFully(file, ByteBuffer.allocate(PROBE_BYTES));
            file.force(true);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing journal segment {} failed", SegmentFile.path(settings.dir(), active), e);
        }
        channel = null;
    }

    private void create(long number) throws IOException {
        channel = SegmentFile.create(channels, settings.dir(), number, settings.fsync());
        index.addSegment(number, SegmentFile.HEADER_SIZE);
        active = number;
        position = SegmentFile.HEADER_SIZE;
    }

    private void flush(List<ByteBuffer> chunk) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        ByteBuffer[] buffers = chunk.toArray(new ByteBuffer[0]);
        long total = 0;
        for (ByteBuffer buffer : buffers) {
            total += buffer.remaining();
        }
        for (long written = 0; written < total; ) {
            written += channel.write(buffers);
        }
        index.grew(active, total);
        if (settings.fsync()) {
            channel.force(false);
            fsyncs.incrementAndGet();
        }
        chunk.clear();
    }
}
