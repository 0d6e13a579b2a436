package io.titanicmq.runtime.store;

/**
 * A snapshot of the store's counters.
 *
 * @param openRequests requests stored and not closed
 * @param pendingRequests open requests without reply or failure
 * @param segments segment files on disk
 * @param bytesOnDisk total size of the segment files
 * @param fsyncs data fsyncs since open (one per group commit batch)
 * @param records records made durable since open
 * @param corruptRecords corrupt records or torn tails reported since open
 * @param failed whether the store is FAILED (mutations refused until its probe recovers or it is reopened)
 */
public record StoreStats(int openRequests, int pendingRequests, int segments, long bytesOnDisk,
                         long fsyncs, long records, long corruptRecords, boolean failed) {
}
