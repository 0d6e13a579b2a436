package io.titanicmq.runtime.store;

import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The in-memory index of open requests and per-segment live counts. Mutated only by the writer
 * thread (after the records it applies were written) or by recovery; read from any thread.
 * A record for a request the index does not know (closed, expired, never stored) is dead.
 */
final class JournalIndex {

    private final ReplyCache replies;
    private final ConcurrentHashMap<RequestId, IndexEntry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RequestId> byKey = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, SegmentInfo> segments = new ConcurrentSkipListMap<>();
    private final AtomicInteger pending = new AtomicInteger();
    /** Pending count per service; a service leaves the map at zero, so random names do not pile up. */
    private final ConcurrentHashMap<String, Integer> pendingByService = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong nextSeq = new AtomicLong(1);

    /** The next submission sequence number. */
    long nextSeq() {
        return nextSeq.getAndIncrement();
    }

    IndexEntry get(RequestId id) {
        return entries.get(id);
    }

    RequestId byKey(String key) {
        return byKey.get(key);
    }

    int open() {
        return entries.size();
    }

    int pending() {
        return pending.get();
    }

    int pendingOf(String service) {
        return pendingByService.getOrDefault(service, 0);
    }

    private void pendingPlus(String service, int delta) {
        pending.addAndGet(delta);
        pendingByService.compute(service, (s, count) -> {
            int now = (count == null ? 0 : count) + delta;
            return now == 0 ? null : now;
        });
    }

    long bytes() {
        return bytes.get();
    }

    int segmentCount() {
        return segments.size();
    }

    NavigableMap<Long, SegmentInfo> segments() {
        return segments;
    }

    List<IndexEntry> pendingEntries() {
        return entries.values().stream().filter(e -> e.status() == IndexEntry.Status.PENDING)
                .sorted(Comparator.comparingLong(IndexEntry::seq)).collect(Collectors.toList());
    }

    /**
     * Whether an open request may have been created before {@code millis}: false when every
     * segment with a live record says its REQUEST records are all younger. Looks at the segments
     * (tens), not at the requests (possibly millions), so the periodic retention check costs the
     * writer thread nothing until something can actually be past retention.
     */
    boolean mayHoldCreatedBefore(long millis) {
        for (SegmentInfo info : segments.values()) {
            if (info.live > 0 && info.oldestCreatedMillis < millis) {
                return true;
            }
        }
        return false;
    }

    List<RequestId> createdBefore(long millis) {
        return entries.values().stream().filter(e -> e.createdMillis() < millis)
                .map(IndexEntry::id).collect(Collectors.toList());
    }

    void addSegment(long number, long size) {
        segments.put(number, new SegmentInfo(number, size));
        bytes.addAndGet(size);
    }

    void grew(long segment, long by) {
        segments.get(segment).bytes += by;
        bytes.addAndGet(by);
    }

    /** Segment {@code number} was cut back to {@code size} bytes (after a failed write). */
    void truncated(long number, long size) {
        SegmentInfo info = segments.get(number);
        if (info != null && info.bytes > size) {
            bytes.addAndGet(size - info.bytes);
            info.bytes = size;
        }
    }

    void removeSegment(long number) {
        SegmentInfo removed = segments.remove(number);
        if (removed != null) {
            bytes.addAndGet(-removed.bytes);
        }
    }

    /** True when no segment that may hold records of requests closed in {@code info} is left before it. */
    boolean tombstonesObsolete(SegmentInfo info) {
        return info.minReferenced >= info.number || segments.subMap(info.minReferenced, true, info.number, false).isEmpty();
    }

    /** Counts a record at {@code at} that belongs to no open request. */
    void dead(Location at) {
        segments.get(at.segment()).records++;
    }

    /**
     * @param replies where a reply goes when its record is applied, before its entry says REPLIED:
     *     a reader that sees REPLIED finds a fresh reply in memory (unless evicted since)
     */
    JournalIndex(ReplyCache replies) {
        this.replies = replies;
    }

    /** Applies a record that is now durable at {@code at}. */
    void apply(JournalRecord record, Location at) {
        SegmentInfo segment = segments.get(at.segment());
        segment.records++;
        RequestId id = record.id();
        IndexEntry entry = entries.get(id);
        if (record instanceof JournalRecord.Request request) {
            nextSeq.accumulateAndGet(request.seq() + 1, Math::max);
            segment.oldestCreatedMillis = Math.min(segment.oldestCreatedMillis, request.createdMillis());
            if (entry == null) {
                entries.put(id, IndexEntry.of(request, at));
                pendingPlus(request.service(), 1);
                if (request.idempotencyKey() != null) {
                    byKey.putIfAbsent(request.idempotencyKey(), id);
                }
            } else {
                entries.put(id, entry.plusSegment(at.segment()));
            }
            segment.live++;
            return;
        }
        if (entry == null) {
            return;
        }
        if (record instanceof JournalRecord.Closed) {
            close(entry, segment);
            return;
        }
        IndexEntry changed = entry.plusSegment(at.segment());
        if (record instanceof JournalRecord.Dispatched dispatched) {
            changed = changed.withAttempts(Math.max(entry.attempts(), dispatched.attempt()));
        } else if (entry.status() == IndexEntry.Status.PENDING) {
            if (record instanceof JournalRecord.Reply reply) {
                replies.put(id, reply.frames());
            }
            changed = record instanceof JournalRecord.Failed failed
                    ? changed.withOutcome(IndexEntry.Status.FAILED, at, failed.reason())
                    : changed.withOutcome(IndexEntry.Status.REPLIED, at, null);
            pendingPlus(entry.service(), -1);
        }
        entries.put(id, changed);
        segment.live++;
    }

    private void close(IndexEntry entry, SegmentInfo closedIn) {
        entries.remove(entry.id());
        for (long number : entry.segments()) {
            SegmentInfo info = segments.get(number);
            if (info != null) {
                info.live--;
            }
        }
        closedIn.minReferenced = Math.min(closedIn.minReferenced, entry.oldestSegment());
        if (entry.status() == IndexEntry.Status.PENDING) {
            pendingPlus(entry.service(), -1);
        }
        if (entry.idempotencyKey() != null) {
            byKey.remove(entry.idempotencyKey(), entry.id());
        }
    }

    /**
     * A record of segment {@code from} was copied to {@code to} by compaction.
     *
     * @return whether it belonged to an open request (else the copy is dead)
     */
    boolean relocate(JournalRecord record, Location from, Location to) {
        SegmentInfo target = segments.get(to.segment());
        target.records++;
        if (record instanceof JournalRecord.Request request) {
            target.oldestCreatedMillis = Math.min(target.oldestCreatedMillis, request.createdMillis());
        }
        IndexEntry entry = entries.get(record.id());
        IndexEntry moved = entry == null ? null : entry.relocated(from, to);
        if (moved == null) {
            return false;
        }
        entries.put(record.id(), moved);
        segments.get(from.segment()).live--;
        target.live++;
        return true;
    }
}
