package io.titanicmq.runtime.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads single records back (replies on {@code get}, request bodies for {@code pending}) with the
 * same bounds and CRC checks as recovery. One read channel per segment, opened lazily, shared by
 * all threads (positional reads), closed when compaction deletes the segment.
 */
final class SegmentReaders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentReaders.class);

    private final Path dir;
    private final ChannelFactory channels;
    private final RecordCodec codec;
    private final ConcurrentHashMap<Long, FileChannel> open = new ConcurrentHashMap<>();
    /** Segments deleted by compaction: a reader racing the delete must not reopen (and leak) them. */
    private final Set<Long> deleted = ConcurrentHashMap.newKeySet();

    SegmentReaders(Path dir, ChannelFactory channels, RecordCodec codec) {
        this.dir = dir;
        this.channels = channels;
        this.codec = codec;
    }

    Path path(Location at) {
        return SegmentFile.path(dir, at.segment());
    }

    /** The record at {@code at}, verified; {@link CorruptRecordException} if it does not check out. */
    JournalRecord read(Location at) throws IOException {
        FileChannel channel = channel(at.segment());
        byte[] header = new byte[RecordFrame.HEADER_SIZE];
        readFully(channel, header, at.offset());
        String problem = RecordFrame.checkHeader(header, 0, channel.size() - at.offset(), codec.maxRecordSize());
        if (problem != null) {
            throw new CorruptRecordException(problem);
        }
        int length = (int) RecordFrame.payloadLength(header, 0);
        byte[] payload = new byte[length];
        readFully(channel, payload, at.offset() + RecordFrame.HEADER_SIZE);
        if (RecordFrame.crc(header, 0, payload, length) != RecordFrame.storedCrc(header, 0)) {
            throw new CorruptRecordException(RecordType.byId(header[0]) + " record CRC mismatch");
        }
        return codec.decode(RecordType.byId(header[0]), header[1], payload);
    }

    /** Closes the segment's channel for good (before the file is deleted). */
    void forget(long segment) {
        deleted.add(segment);
        FileChannel channel = open.remove(segment);
        if (channel != null) {
            closeQuietly(segment, channel);
        }
    }

    @Override
    public void close() {
        open.forEach(this::closeQuietly);
        open.clear();
    }

    private FileChannel channel(long segment) throws IOException {
        FileChannel channel = openChannel(segment);
        if (deleted.contains(segment)) {
            forget(segment);
            throw new NoSuchFileException(SegmentFile.path(dir, segment).toString(), null, "deleted by compaction");
        }
        return channel;
    }

    private FileChannel openChannel(long segment) throws IOException {
        if (deleted.contains(segment)) {
            throw new NoSuchFileException(SegmentFile.path(dir, segment).toString(), null, "deleted by compaction");
        }
        try {
            return open.computeIfAbsent(segment, number -> {
                try {
                    return channels.open(SegmentFile.path(dir, number), StandardOpenOption.READ);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void readFully(FileChannel channel, byte[] into, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CorruptRecordException("segment ends " + buffer.remaining() + " bytes before the record does");
            }
        }
    }

    private void closeQuietly(long segment, FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("Closing read channel of journal segment {} in {} failed", segment, dir, e);
        }
    }
}
