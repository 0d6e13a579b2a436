package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds the index from the segments on open. Rules (also in docs/storage-format.md):
 * segments are read in number order; a bad record in the middle of a segment is reported and
 * skipped by resynchronising on the next valid frame; unreadable bytes at the end of the LAST
 * segment are a torn write and are truncated away (reported as a torn tail); unreadable bytes at
 * the end of an earlier segment are reported as corruption and left alone; a segment with a
 * damaged header is reported and skipped whole. Records may appear out of order because
 * compaction copies live records forward, so records of a request not yet seen are held until its
 * REQUEST record appears; once a request is CLOSED, later records for it are dead. Only an intact
 * header with an unknown format version stops the open.
 */
final class JournalRecovery {

    /** Where appending resumes: {@code lastSegment} at {@code end}, or a new segment after {@code maxNumber}. */
    record Outcome(long maxNumber, long lastSegment, long end, long corruptions) {
        boolean canAppend() {
            return lastSegment >= 0;
        }
    }

    private record Held(JournalRecord record, Location at) {
    }

    private final Path dir;
    private final ChannelFactory channels;
    private final RecordCodec codec;
    private final StoreMonitor monitor;
    private final JournalIndex index;
    private final Map<RequestId, List<Held>> held = new HashMap<>();
    private final Set<RequestId> closed = new HashSet<>();
    private long corruptions;

    JournalRecovery(Path dir, ChannelFactory channels, RecordCodec codec, StoreMonitor monitor, JournalIndex index) {
        this.dir = dir;
        this.channels = channels;
        this.codec = codec;
        this.monitor = monitor;
        this.index = index;
    }

    Outcome run() throws IOException {
        List<Long> numbers = SegmentFile.list(dir);
        long lastSegment = -1;
        long end = 0;
        for (int i = 0; i < numbers.size(); i++) {
            long number = numbers.get(i);
            boolean last = i == numbers.size() - 1;
            long recoveredEnd = recoverSegment(number, last);
            if (last && recoveredEnd >= 0) {
                lastSegment = number;
                end = recoveredEnd;
            }
        }
        held.values().forEach(records -> records.forEach(h -> index.dead(h.at())));
        long maxNumber = numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
        return new Outcome(maxNumber, lastSegment, end, corruptions);
    }

    /** @return the end of valid data, or -1 if the segment cannot be appended to */
    private long recoverSegment(long number, boolean last) throws IOException {
        Path path = SegmentFile.path(dir, number);
        long size;
        SegmentScanner.Result result;
        try (FileChannel channel = channels.open(path, StandardOpenOption.READ)) {
            size = channel.size();
            if (size < SegmentFile.HEADER_SIZE) {
                if (last) {
                    corruptions++;
                    monitor.tornTail(path, 0, size);
                    Files.delete(path);
                    return -1;
                }
                return skipWhole(number, path, size, "segment of " + size + " bytes is shorter than its header");
            }
            ByteBuffer header = ByteBuffer.allocate(SegmentFile.HEADER_SIZE);
            while (header.hasRemaining()) {
                if (channel.read(header, header.position()) < 0) {
                    return skipWhole(number, path, size, "segment shrank while its header was read");
                }
            }
            String problem = SegmentFile.check(header.array(), number, path);
            if (problem != null) {
                return skipWhole(number, path, size, problem);
            }
            index.addSegment(number, size);
            SegmentScanner scanner = new SegmentScanner(channel, size, path, codec, monitor);
            result = scanner.scan((record, offset, frame) -> visit(record, new Location(number, offset)));
            corruptions += scanner.corruptions();
        }
        if (result.tailReason() == null) {
            return result.end();
        }
        corruptions++;
        if (last) {
            truncate(path, result.end());
            index.grew(number, result.end() - size);
            monitor.tornTail(path, result.end(), size - result.end());
            return result.end();
        }
        monitor.corruptRecord(path, result.end(), result.tailReason() + "; the rest of the segment ("
                + (size - result.end()) + " bytes) holds no valid record and is skipped");
        return -1;
    }

    private long skipWhole(long number, Path path, long size, String reason) {
        corruptions++;
        monitor.corruptRecord(path, 0, reason + "; whole segment skipped");
        index.addSegment(number, size);
        return -1;
    }

    private void truncate(Path path, long end) throws IOException {
        try (FileChannel channel = channels.open(path, StandardOpenOption.WRITE)) {
            channel.truncate(end);
            channel.force(true);
        }
    }

    private void visit(JournalRecord record, Location at) {
        RequestId id = record.id();
        if (closed.contains(id)) {
            index.dead(at);
        } else if (record instanceof JournalRecord.Request) {
            index.apply(record, at);
            List<Held> earlier = held.remove(id);
            if (earlier != null) {
                earlier.forEach(h -> index.apply(h.record(), h.at()));
            }
        } else if (index.get(id) != null) {
            index.apply(record, at);
            if (record instanceof JournalRecord.Closed) {
                closed.add(id);
            }
        } else if (record instanceof JournalRecord.Closed) {
            closed.add(id);
            List<Held> orphans = held.remove(id);
            if (orphans != null) {
                orphans.forEach(h -> index.dead(h.at()));
            }
            index.dead(at);
        } else {
            held.computeIfAbsent(id, k -> new ArrayList<>()).add(new Held(record, at));
        }
    }
}
