package io.titanicmq.runtime.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The 10-byte record header and its checksum (layout in {@link JournalWriter}):
 * {@code [type u8][flags u8][length u32][crc32c u32]} followed by {@code length} payload bytes.
 */
final class RecordFrame {

    static final int HEADER_SIZE = 10;
    /** Flag bit: the payload is gzip-compressed. */
    static final int FLAG_GZIP = 0x01;
    static final int KNOWN_FLAGS = FLAG_GZIP;

    private RecordFrame() {
    }

    /** The framed record: header then payload, ready to write. */
    static ByteBuffer frame(RecordType type, int flags, byte[] payload, int payloadLength) {
        ByteBuffer frame = ByteBuffer.allocate(HEADER_SIZE + payloadLength);
        frame.put(type.id()).put((byte) flags).putInt(payloadLength);
        frame.putInt(crc(frame.array(), 0, payload, payloadLength));
        frame.put(payload, 0, payloadLength);
        return frame.flip();
    }

    /** CRC32C over the first 6 header bytes (type, flags, length) and the payload. */
    static int crc(byte[] header, int headerOffset, byte[] payload, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(header, headerOffset, 6);
        crc.update(payload, 0, payloadLength);
        return (int) crc.getValue();
    }

    /** CRC32C of a complete frame held in {@code buffer} at {@code offset}, as {@link #crc} computes it. */
    static int crcOfFrame(byte[] buffer, int offset, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(buffer, offset, 6);
        crc.update(buffer, offset + HEADER_SIZE, payloadLength);
        return (int) crc.getValue();
    }

    /**
     * Checks a header read at some offset before its payload is read: known type and flags, and a
     * payload length within {@code maxPayload} and the {@code available} bytes after the header.
     *
     * @return null if plausible, else why not
     */
    static String checkHeader(byte[] header, int offset, long available, int maxPayload) {
        if (RecordType.byId(header[offset]) == null) {
            return "unknown record type " + (header[offset] & 0xff);
        }
        if ((header[offset + 1] & ~KNOWN_FLAGS) != 0) {
            return "unknown flags 0x" + Integer.toHexString(header[offset + 1] & 0xff);
        }
        long length = payloadLength(header, offset);
        if (length > maxPayload) {
            return "length " + length + " exceeds max-record-size " + maxPayload;
        }
        if (length > available - HEADER_SIZE) {
            return "length " + length + " runs past the end of the segment (" + (available - HEADER_SIZE) + " bytes left)";
        }
        return null;
    }

    static long payloadLength(byte[] header, int offset) {
        return ByteBuffer.wrap(header, offset + 2, 4).getInt() & 0xffffffffL;
    }

    static int storedCrc(byte[] header, int offset) {
        return ByteBuffer.wrap(header, offset + 6, 4).getInt();
    }
}
