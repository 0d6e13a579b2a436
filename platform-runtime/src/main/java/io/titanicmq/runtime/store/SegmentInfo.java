package io.titanicmq.runtime.store;

/**
 * Per-segment bookkeeping for compaction; changed only on the writer thread (and during recovery).
 * {@code minReferenced} is the oldest segment holding a record of a request closed in this one:
 * while any segment from there up to this one exists, this one's CLOSED records are still needed
 * as tombstones and it must not be deleted. {@code oldestCreatedMillis} is the earliest creation
 * time of a REQUEST record written into it (appended, recovered or copied forward by compaction),
 * {@link Long#MAX_VALUE} while it holds none: an open request is never older than the segment
 * holding its REQUEST record says.
 */
final class SegmentInfo {

    final long number;
    int records;
    int live;
    long bytes;
    long minReferenced;
    long oldestCreatedMillis = Long.MAX_VALUE;

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
