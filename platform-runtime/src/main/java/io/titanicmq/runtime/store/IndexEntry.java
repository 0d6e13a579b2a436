package io.titanicmq.runtime.store;

import java.util.Arrays;

/**
 * What the index keeps per open request: its metadata, where its request record and reply are,
 * and the segment of every record that belongs to it (a multiset, one element per record) so
 * closing it can update the per-segment live counts. Immutable; replaced on each change.
 *
 * <p>One object per request, as a backlog of a million waiting requests lives in the heap and
 * every object of it is copied once by the young collector: the request record's location is
 * two fields, not a {@link Location}, and the multiset is a segment with its count plus an array
 * only for records in other segments (most requests have all their records in one segment).
 */
final class IndexEntry {

    enum Status { PENDING, REPLIED, FAILED }

    private final RequestId id;
    private final long seq;
    private final long createdMillis;
    private final String service;
    private final String idempotencyKey;
    private final int attempts;
    private final Status status;
    private final long requestSegment;
    private final long requestOffset;
    private final Location outcome;
    private final String failure;
    private final String owner;
    /** The segment most of the records are in, and how many are there. */
    private final long mainSegment;
    private final int inMain;
    /** The segments of the other records, one element per record; null when there are none. */
    private final long[] others;

    private IndexEntry(RequestId id, long seq, long createdMillis, String service, String idempotencyKey, int attempts,
                       Status status, long requestSegment, long requestOffset, Location outcome, String failure,
                       String owner, long mainSegment, int inMain, long[] others) {
        this.id = id;
        this.seq = seq;
        this.createdMillis = createdMillis;
        this.service = service;
        this.idempotencyKey = idempotencyKey;
        this.attempts = attempts;
        this.status = status;
        this.requestSegment = requestSegment;
        this.requestOffset = requestOffset;
        this.outcome = outcome;
        this.failure = failure;
        this.owner = owner;
        this.mainSegment = mainSegment;
        this.inMain = inMain;
        this.others = others;
    }

    static IndexEntry of(JournalRecord.Request r, Location at) {
        return new IndexEntry(r.id(), r.seq(), r.createdMillis(), r.service(), r.idempotencyKey(), 0,
                Status.PENDING, at.segment(), at.offset(), null, null, r.owner(), at.segment(), 1, null);
    }

    RequestId id() {
        return id;
    }

    long seq() {
        return seq;
    }

    long createdMillis() {
        return createdMillis;
    }

    String service() {
        return service;
    }

    String idempotencyKey() {
        return idempotencyKey;
    }

    int attempts() {
        return attempts;
    }

    Status status() {
        return status;
    }

    /** Where the REQUEST record is. */
    Location request() {
        return new Location(requestSegment, requestOffset);
    }

    /** Where the REPLY or FAILED record is; null while pending. */
    Location outcome() {
        return outcome;
    }

    String failure() {
        return failure;
    }

    String owner() {
        return owner;
    }

    /** The segment of each record of this request (a new array). */
    long[] segments() {
        int extra = others == null ? 0 : others.length;
        long[] all = new long[inMain + extra];
        Arrays.fill(all, 0, inMain, mainSegment);
        if (extra > 0) {
            System.arraycopy(others, 0, all, inMain, extra);
        }
        return all;
    }

    /** Whether one of this request's records is in segment {@code number}. */
    boolean hasRecordIn(long number) {
        if (inMain > 0 && mainSegment == number) {
            return true;
        }
        if (others != null) {
            for (long segment : others) {
                if (segment == number) {
                    return true;
                }
            }
        }
        return false;
    }

    IndexEntry plusSegment(long segment) {
        if (segment == mainSegment) {
            return with(attempts, status, requestSegment, requestOffset, outcome, failure, mainSegment, inMain + 1, others);
        }
        long[] more = others == null ? new long[1] : Arrays.copyOf(others, others.length + 1);
        more[more.length - 1] = segment;
        return with(attempts, status, requestSegment, requestOffset, outcome, failure, mainSegment, inMain, more);
    }

    IndexEntry withAttempts(int value) {
        return with(value, status, requestSegment, requestOffset, outcome, failure, mainSegment, inMain, others);
    }

    IndexEntry withOutcome(Status value, Location at, String reason) {
        return with(attempts, value, requestSegment, requestOffset, at, reason, mainSegment, inMain, others);
    }

    /** Moves one record from segment {@code from.segment()} to {@code to}; null if it has none there. */
    IndexEntry relocated(Location from, Location to) {
        if (!hasRecordIn(from.segment())) {
            return null;
        }
        long[] moved = segments();
        for (int i = 0; i < moved.length; i++) {
            if (moved[i] == from.segment()) {
                moved[i] = to.segment();
                break;
            }
        }
        boolean requestMoved = from.segment() == requestSegment && from.offset() == requestOffset;
        int inFirst = 0;
        for (long segment : moved) {
            inFirst += segment == moved[0] ? 1 : 0;
        }
        long[] rest = null;
        if (inFirst < moved.length) {
            rest = Arrays.stream(moved).filter(s -> s != moved[0]).toArray();
        }
        return with(attempts, status, requestMoved ? to.segment() : requestSegment,
                requestMoved ? to.offset() : requestOffset, from.equals(outcome) ? to : outcome, failure,
                moved[0], inFirst, rest);
    }

    long oldestSegment() {
        long oldest = inMain > 0 ? mainSegment : Long.MAX_VALUE;
        if (others != null) {
            for (long segment : others) {
                oldest = Math.min(oldest, segment);
            }
        }
        return oldest;
    }

    private IndexEntry with(int attemptsValue, Status statusValue, long requestSegmentValue, long requestOffsetValue,
                            Location outcomeAt, String reason, long main, int inMainValue, long[] othersValue) {
        return new IndexEntry(id, seq, createdMillis, service, idempotencyKey, attemptsValue, statusValue,
                requestSegmentValue, requestOffsetValue, outcomeAt, reason, owner, main, inMainValue, othersValue);
    }
}
