package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Test helpers that look at and damage journal files directly. */
final class JournalFiles {

    private JournalFiles() {
    }

    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    static Path lastSegment(Path dir) throws IOException {
        List<Path> all = segments(dir);
        return all.get(all.size() - 1);
    }

    /** Start offsets of the frames in a segment (walking the lengths of an undamaged file). */
    static List<Long> frameOffsets(Path segment) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
        List<Long> offsets = new ArrayList<>();
        for (int pos = SegmentFile.HEADER_SIZE; pos < bytes.limit(); pos += RecordFrame.HEADER_SIZE + bytes.getInt(pos + 2)) {
            offsets.add((long) pos);
        }
        return offsets;
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5a;
        Files.write(file, bytes);
    }

    static void truncate(Path file, long length) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, (int) length));
    }

    static void append(Path file, ByteBuffer frame) throws IOException {
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        Files.write(file, bytes, java.nio.file.StandardOpenOption.APPEND);
    }

    static long directorySize(Path dir) throws IOException {
        long total = 0;
        for (Path segment : segments(dir)) {
            total += Files.size(segment);
        }
        return total;
    }
}
