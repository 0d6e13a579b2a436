package io.titanicmq.runtime.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Hand-written binary encoding of record payloads (big-endian, layout in {@link JournalWriter}),
 * with gzip compression of payloads of at least {@code compressMinSize} bytes when it makes them
 * smaller, and bounded inflation on the way back.
 */
final class RecordCodec {

    /** REQUEST flags bit 0: an idempotency key follows (version 1 wrote this byte as 0 or 1). */
    private static final int HAS_KEY = 1;
    /** REQUEST flags bit 1: the owner's key follows (format version 2). */
    private static final int HAS_OWNER = 2;

    private final int maxRecordSize;
    private final int compressMinSize;

    RecordCodec(int maxRecordSize, int compressMinSize) {
        this.maxRecordSize = maxRecordSize;
        this.compressMinSize = compressMinSize;
    }

    int maxRecordSize() {
        return maxRecordSize;
    }

    /** The framed record (header + possibly compressed payload). */
    ByteBuffer encode(JournalRecord record) throws StoreException {
        long size = payloadSize(record);
        if (size > maxRecordSize) {
            throw new StoreException("Record " + record.type() + " for " + record.id() + " is " + size
                    + " bytes, more than titanic.store.max-record-size (" + maxRecordSize + ")");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putLong(record.id().msb()).putLong(record.id().lsb());
        if (record instanceof JournalRecord.Request r) {
            out.putLong(r.seq()).putLong(r.createdMillis());
            putString16(out, r.service());
            out.put((byte) ((r.idempotencyKey() == null ? 0 : HAS_KEY) | (r.owner() == null ? 0 : HAS_OWNER)));
            if (r.idempotencyKey() != null) {
                putString16(out, r.idempotencyKey());
            }
            if (r.owner() != null) {
                putString16(out, r.owner());
            }
            putFrames(out, r.body());
        } else if (record instanceof JournalRecord.Dispatched d) {
            out.putInt(d.attempt());
        } else if (record instanceof JournalRecord.Reply r) {
            putFrames(out, r.frames());
        } else if (record instanceof JournalRecord.Failed f) {
            byte[] reason = f.reason().getBytes(StandardCharsets.UTF_8);
            out.putInt(reason.length).put(reason);
        }
        byte[] payload = out.array();
        if (compressMinSize > 0 && payload.length >= compressMinSize) {
            byte[] compressed = gzip(payload);
            if (compressed.length < payload.length) {
                return RecordFrame.frame(record.type(), RecordFrame.FLAG_GZIP, compressed, compressed.length);
            }
        }
        return RecordFrame.frame(record.type(), 0, payload, payload.length);
    }

    /** Decodes a payload whose frame and CRC were verified. */
    JournalRecord decode(RecordType type, int flags, byte[] stored) throws CorruptRecordException {
        byte[] payload = (flags & RecordFrame.FLAG_GZIP) != 0 ? gunzip(stored) : stored;
        ByteBuffer in = ByteBuffer.wrap(payload);
        try {
            RequestId id = new RequestId(in.getLong(), in.getLong());
            JournalRecord record = switch (type) {
                case REQUEST -> request(id, in);
                case DISPATCHED -> new JournalRecord.Dispatched(id, in.getInt());
                case REPLY -> new JournalRecord.Reply(id, getFrames(in));
                case FAILED -> new JournalRecord.Failed(id, new String(getBytes(in, in.getInt()), StandardCharsets.UTF_8));
                case CLOSED -> new JournalRecord.Closed(id);
            };
            if (in.hasRemaining()) {
                throw new CorruptRecordException(in.remaining() + " unexpected bytes after the " + type + " payload");
            }
            return record;
        } catch (BufferUnderflowException e) {
            throw new CorruptRecordException(type + " payload of " + payload.length + " bytes ends early");
        }
    }

    private static long payloadSize(JournalRecord record) {
        long size = 16;
        if (record instanceof JournalRecord.Request r) {
            size += 16 + 2 + utf8Length(r.service()) + 1 + framesSize(r.body());
            if (r.idempotencyKey() != null) {
                size += 2 + utf8Length(r.idempotencyKey());
            }
            if (r.owner() != null) {
                size += 2 + utf8Length(r.owner());
            }
        } else if (record instanceof JournalRecord.Dispatched) {
            size += 4;
        } else if (record instanceof JournalRecord.Reply r) {
            size += framesSize(r.frames());
        } else if (record instanceof JournalRecord.Failed f) {
            size += 4 + utf8Length(f.reason());
        }
        return size;
    }

    private static long framesSize(List<byte[]> frames) {
        long size = 4;
        for (byte[] frame : frames) {
            size += 4 + frame.length;
        }
        return size;
    }

    private static long utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** REQUEST after the id: seq, created, service, flags, [idempotency key], [owner], frames. */
    private static JournalRecord.Request request(RequestId id, ByteBuffer in) throws CorruptRecordException {
        long seq = in.getLong();
        long created = in.getLong();
        String service = getString16(in);
        byte flags = in.get();
        if ((flags & ~(HAS_KEY | HAS_OWNER)) != 0) {
            throw new CorruptRecordException("request flags byte is " + flags + "; only bits 0 and 1 are defined");
        }
        String key = (flags & HAS_KEY) != 0 ? getString16(in) : null;
        String owner = (flags & HAS_OWNER) != 0 ? getString16(in) : null;
        return new JournalRecord.Request(id, seq, created, service, key, getFrames(in), owner);
    }

    private static void putString16(ByteBuffer out, String s) throws StoreException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new StoreException("String of " + bytes.length + " bytes is too long for the journal (max 65535)");
        }
        out.putShort((short) bytes.length).put(bytes);
    }

    private static String getString16(ByteBuffer in) throws CorruptRecordException {
        return new String(getBytes(in, in.getShort() & 0xffff), StandardCharsets.UTF_8);
    }

    private static void putFrames(ByteBuffer out, List<byte[]> frames) {
        out.putInt(frames.size());
        for (byte[] frame : frames) {
            out.putInt(frame.length).put(frame);
        }
    }

    private static List<byte[]> getFrames(ByteBuffer in) throws CorruptRecordException {
        int count = in.getInt();
        if (count < 0 || count > in.remaining() / 4) {
            throw new CorruptRecordException("frame count " + count + " does not fit the " + in.remaining() + " bytes left");
        }
        List<byte[]> frames = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            frames.add(getBytes(in, in.getInt()));
        }
        return frames;
    }

    private static byte[] getBytes(ByteBuffer in, int length) throws CorruptRecordException {
        if (length < 0 || length > in.remaining()) {
            throw new CorruptRecordException("length " + length + " does not fit the " + in.remaining() + " bytes left");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private static byte[] gzip(byte[] payload) throws StoreException {
        GzipParameters parameters = new GzipParameters();
        parameters.setCompressionLevel(Deflater.BEST_SPEED);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length / 2 + 64);
        try (GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(bytes, parameters)) {
            gzip.write(payload);
        } catch (IOException e) {
            throw new StoreException("Cannot gzip a record payload of " + payload.length + " bytes", e);
        }
        return bytes.toByteArray();
    }

    /** Inflates, refusing anything that grows beyond max-record-size (a gzip bomb). */
    private byte[] gunzip(byte[] stored) throws CorruptRecordException {
        byte[] out = new byte[Math.min(maxRecordSize, Math.max(1024, stored.length * 4))];
        int length = 0;
        try (InputStream in = new GzipCompressorInputStream(new ByteArrayInputStream(stored))) {
            while (true) {
                if (length == out.length) {
                    if (length >= maxRecordSize) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new CorruptRecordException("gzip payload of " + stored.length
                                + " bytes inflates beyond max-record-size " + maxRecordSize);
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxRecordSize, 2L * out.length));
                }
                int n = in.read(out, length, out.length - length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        } catch (CorruptRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException("gzip payload unreadable: " + e, e);
        }
        return length == out.length ? out : Arrays.copyOf(out, length);
    }
}
