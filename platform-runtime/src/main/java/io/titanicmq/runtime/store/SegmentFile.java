package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Segment file naming ({@code NNNNNNNNNNNNNNNNNNNN.seg}, the 20-digit segment number), the
 * 20-byte file header ({@code "TMQJ"}, version u16, reserved u16, segment number u64, CRC32C u32
 * of the 16 bytes before it), and durable creation (temp file, fsync, rename, fsync directory).
 */
final class SegmentFile {

    static final int HEADER_SIZE = 20;
    /** The version new segments are written in; 2 added the owner of a request (docs/storage-format.md). */
    static final int VERSION = 2;
    static final String SUPPORTED_VERSIONS = "[1, 2]";
    private static final byte[] MAGIC = "TMQJ".getBytes(StandardCharsets.US_ASCII);
    private static final String SUFFIX = ".seg";
    private static final String TEMP_SUFFIX = ".seg.tmp";

    private SegmentFile() {
    }

    static Path path(Path dir, long number) {
        return dir.resolve(String.format("%020d", number) + SUFFIX);
    }

    /** The segment numbers in {@code dir}, ascending; leftover temp files of an interrupted creation are deleted. */
    static List<Long> list(Path dir) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    Files.delete(file);
                } else if (name.endsWith(SUFFIX) && name.length() == 20 + SUFFIX.length()
                        && name.chars().limit(20).allMatch(Character::isDigit)) {
                    numbers.add(Long.parseLong(name.substring(0, 20)));
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }

    static ByteBuffer header(long number, int version) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        header.put(MAGIC).putShort((short) version).putShort((short) 0).putLong(number);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 16);
        header.putInt((int) crc.getValue());
        return header.flip();
    }

    /**
     * Checks a segment's header bytes.
     *
     * @return null if valid, else why not (a damaged header)
     * @throws StoreException if the header is intact but of a format version this build cannot read
     */
    static String check(byte[] header, long number, Path path) throws StoreException {
        if (!Arrays.equals(header, 0, 4, MAGIC, 0, 4)) {
            return "bad magic (not a TitanicMQ journal segment)";
        }
        ByteBuffer in = ByteBuffer.wrap(header);
        int version = in.getShort(4) & 0xffff;
        if (version != 1 && version != VERSION) {
            throw new StoreException("Journal segment " + path + " has format version " + version
                    + "; this build reads only versions " + SUPPORTED_VERSIONS
                    + ". Open it with the TitanicMQ release that wrote it.");
        }
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 16);
        if ((int) crc.getValue() != in.getInt(16)) {
            return "header checksum mismatch";
        }
        if (in.getLong(8) != number) {
            return "header names segment " + in.getLong(8) + " but the file is segment " + number;
        }
        return null;
    }

    /** Creates a segment durably and returns it open for appending after its header. */
    static FileChannel create(ChannelFactory channels, Path dir, long number, boolean fsync) throws IOException {
        Path target = path(dir, number);
        Path temp = dir.resolve(target.getFileName() + ".tmp");
        Files.deleteIfExists(temp); // left by a creation that failed (e.g. disk full) before a retry
        try (FileChannel channel = channels.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(channel, header(number, VERSION));
            if (fsync) {
                channel.force(true);
            }
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
            syncDirectory(channels, dir);
        }
        FileChannel channel = channels.open(target, StandardOpenOption.WRITE);
        channel.position(HEADER_SIZE);
        return channel;
    }

    static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Fsyncs the directory so a created, renamed or deleted file survives a crash. */
    static void syncDirectory(ChannelFactory channels, Path dir) throws IOException {
        try (FileChannel directory = channels.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
