package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the records of one segment in order, verifying each frame's bounds and CRC before it
 * trusts anything in it. A bad frame is resynchronised by scanning forward byte by byte for the
 * next offset holding a valid frame (plausible header and matching CRC); the skipped range is
 * reported to the monitor with its offset. A bad frame with no valid frame after it is returned
 * as the tail: the caller decides whether that is a torn write (last segment) or corruption.
 * A frame whose CRC matches but whose payload cannot be decoded (e.g. a gzip bomb) is reported
 * and skipped by its own length.
 */
final class SegmentScanner {

    /** Receives each valid record. {@code frame} is only valid during the call. */
    interface Visitor {
        void record(JournalRecord record, long offset, ByteBuffer frame) throws IOException;
    }

    /**
     * @param end offset where the last valid record ends (the file size if the segment is clean)
     * @param tailReason why the bytes from {@code end} on are unreadable, or null if there are none
     */
    record Result(long end, String tailReason) {
    }

    private static final int WINDOW = 1 << 20;

    private final FileChannel channel;
    private final long size;
    private final Path path;
    private final RecordCodec codec;
    private final StoreMonitor monitor;
    private byte[] window = new byte[WINDOW];
    private long windowStart;
    private int windowLength;
    private String lastReason;
    private int corruptions;

    SegmentScanner(FileChannel channel, long size, Path path, RecordCodec codec, StoreMonitor monitor) {
        this.channel = channel;
        this.size = size;
        this.path = path;
        this.codec = codec;
        this.monitor = monitor;
    }

    /** Corrupt records reported so far (not counting the tail). */
    int corruptions() {
        return corruptions;
    }

    Result scan(Visitor visitor) throws IOException {
        long pos = SegmentFile.HEADER_SIZE;
        while (pos < size) {
            int length = validFrameAt(pos);
            if (length > 0) {
                int at = (int) (pos - windowStart);
                RecordType type = RecordType.byId(window[at]);
                try {
                    byte[] payload = Arrays.copyOfRange(window, at + RecordFrame.HEADER_SIZE, at + length);
                    JournalRecord record = codec.decode(type, window[at + 1], payload);
                    visitor.record(record, pos, ByteBuffer.wrap(window, at, length));
                } catch (CorruptRecordException e) {
                    report(pos, type + " record with a valid CRC but " + e.getMessage());
                }
                pos += length;
                continue;
            }
            String reason = lastReason;
            long next = resync(pos + 1);
            if (next < 0) {
                return new Result(pos, reason);
            }
            report(pos, reason + "; skipped " + (next - pos) + " bytes to the next valid record at offset " + next);
            pos = next;
        }
        return new Result(pos, null);
    }

    private void report(long offset, String reason) {
        corruptions++;
        monitor.corruptRecord(path, offset, reason);
    }

    /** The frame length if a valid frame starts at {@code pos} (it is then in the window), else 0. */
    private int validFrameAt(long pos) throws IOException {
        if (!ensure(pos, RecordFrame.HEADER_SIZE)) {
            lastReason = "incomplete record header (" + (size - pos) + " bytes)";
            return 0;
        }
        int at = (int) (pos - windowStart);
        String problem = RecordFrame.checkHeader(window, at, size - pos, codec.maxRecordSize());
        if (problem != null) {
            lastReason = problem;
            return 0;
        }
        int payloadLength = (int) RecordFrame.payloadLength(window, at);
        int length = RecordFrame.HEADER_SIZE + payloadLength;
        if (!ensure(pos, length)) {
            lastReason = "record of " + length + " bytes cut short";
            return 0;
        }
        at = (int) (pos - windowStart);
        if (RecordFrame.crcOfFrame(window, at, payloadLength) != RecordFrame.storedCrc(window, at)) {
            lastReason = RecordType.byId(window[at]) + " record CRC mismatch";
            return 0;
        }
        return length;
    }

    private long resync(long from) throws IOException {
        for (long pos = from; pos + RecordFrame.HEADER_SIZE <= size; pos++) {
            if (!ensure(pos, RecordFrame.HEADER_SIZE)) {
                return -1;
            }
            int at = (int) (pos - windowStart);
            if (RecordFrame.checkHeader(window, at, size - pos, codec.maxRecordSize()) == null && validFrameAt(pos) > 0) {
                return pos;
            }
        }
        return -1;
    }

    /** Makes bytes [pos, pos+length) available in the window; false if the file ends first. */
    private boolean ensure(long pos, int length) throws IOException {
        if (pos >= windowStart && pos + length <= windowStart + windowLength) {
            return true;
        }
        if (pos + length > size) {
            return false;
        }
        if (length > window.length) {
            window = new byte[length];
        }
        windowStart = pos;
        windowLength = 0;
        int want = (int) Math.min(window.length, size - pos);
        while (windowLength < want) {
            int n = channel.read(ByteBuffer.wrap(window, windowLength, want - windowLength), pos + windowLength);
            if (n < 0) {
                break;
            }
            windowLength += n;
        }
        return windowLength >= length;
    }
}
