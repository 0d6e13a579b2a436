package io.titanicmq.runtime.store;

import java.util.Arrays;

/**
 * What the index keeps per open request: its metadata, where its request record and reply are,
 * and the segment of every record that belongs to it (a multiset, one element per record) so
 * closing it can update the per-segment live counts. Immutable; replaced on each change.
 */
record IndexEntry(RequestId id, long seq, long createdMillis, String service, String idempotencyKey, int attempts,
                  Status status, Location request, Location outcome, String failure, long[] segments, String owner) {

    enum Status { PENDING, REPLIED, FAILED }

    static IndexEntry of(JournalRecord.Request r, Location at) {
        return new IndexEntry(r.id(), r.seq(), r.createdMillis(), r.service(), r.idempotencyKey(), 0,
                Status.PENDING, at, null, null, new long[] {at.segment()}, r.owner());
    }

    IndexEntry plusSegment(long segment) {
        long[] more = Arrays.copyOf(segments, segments.length + 1);
        more[segments.length] = segment;
        return with(attempts, status, request, outcome, failure, more);
    }

    IndexEntry withAttempts(int value) {
        return with(value, status, request, outcome, failure, segments);
    }

    IndexEntry withOutcome(Status value, Location at, String reason) {
        return with(attempts, value, request, at, reason, segments);
    }

    /** Moves one record from segment {@code from.segment()} to {@code to}; null if it has none there. */
    IndexEntry relocated(Location from, Location to) {
        for (int i = 0; i < segments.length; i++) {
            if (segments[i] == from.segment()) {
                long[] moved = segments.clone();
                moved[i] = to.segment();
                return with(attempts, status, from.equals(request) ? to : request,
                        from.equals(outcome) ? to : outcome, failure, moved);
            }
        }
        return null;
    }

    long oldestSegment() {
        return Arrays.stream(segments).min().orElse(Long.MAX_VALUE);
    }

    private IndexEntry with(int attemptsValue, Status statusValue, Location requestAt, Location outcomeAt,
                            String reason, long[] segmentsValue) {
        return new IndexEntry(id, seq, createdMillis, service, idempotencyKey, attemptsValue, statusValue,
                requestAt, outcomeAt, reason, segmentsValue, owner);
    }
}
