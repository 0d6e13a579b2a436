package io.titanicmq.runtime.store;

/**
 * Per-segment bookkeeping for compaction; changed only on the writer thread (and during recovery).
 * {@code minReferenced} is the oldest segment holding a record of a request closed in this one:
 * while any segment from there up to this one exists, this one's CLOSED records are still needed
 * as tombstones and it must not be deleted.
 */
final class SegmentInfo {

    final long number;
    int records;
    int live;
    long bytes;
    long minReferenced;

    SegmentInfo(long number, long bytes) {
        this.number = number;
        this.bytes = bytes;
        this.minReferenced = number;
    }

    @Override
    public String toString() {
        return "segment " + number + " (records=" + records + ", live=" + live + ", bytes=" + bytes + ")";
    }
}
