package io.titanicmq.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index tells the retention check whether any open request can be old enough to expire, from
 * the segments alone, so a store full of young requests is never scanned request by request.
 */
class JournalIndexRetentionTest {

    private final JournalIndex index = new JournalIndex(new ReplyCache(4));

    @Test
    void onlyASegmentHoldingAnOldOpenRequestMakesTheScanWorthIt() {
        index.addSegment(1, 20);
        RequestId old = RequestId.random();
        index.apply(request(old, 1_000), new Location(1, 20));
        index.apply(request(RequestId.random(), 5_000), new Location(1, 120));

        assertFalse(index.mayHoldCreatedBefore(1_000), "nothing is older than the oldest request");
        assertTrue(index.mayHoldCreatedBefore(1_001));
        assertEquals(List.of(old), index.createdBefore(1_001));

        index.apply(new JournalRecord.Closed(old), new Location(1, 220));
        assertTrue(index.mayHoldCreatedBefore(1_001), "the segment still holds a live request; it may be old");
        assertEquals(List.of(), index.createdBefore(1_001));
    }

    @Test
    void aRequestCopiedForwardByCompactionKeepsItsAgeInTheNewSegment() {
        index.addSegment(1, 20);
        index.addSegment(2, 20);
        RequestId old = RequestId.random();
        JournalRecord.Request record = request(old, 1_000);
        index.apply(record, new Location(1, 20));
        index.apply(request(RequestId.random(), 9_000), new Location(2, 20));

        index.relocate(record, new Location(1, 20), new Location(2, 120));
        index.removeSegment(1);

        assertTrue(index.mayHoldCreatedBefore(1_001), "segment 2 now holds the old request");
        assertEquals(List.of(old), index.createdBefore(1_001));
    }

    @Test
    void segmentsWhoseRequestsAreAllClosedDoNotCount() {
        index.addSegment(1, 20);
        RequestId id = RequestId.random();
        index.apply(request(id, 1_000), new Location(1, 20));
        index.apply(new JournalRecord.Closed(id), new Location(1, 120));
        assertFalse(index.mayHoldCreatedBefore(Long.MAX_VALUE));
    }

    private static JournalRecord.Request request(RequestId id, long createdMillis) {
        return new JournalRecord.Request(id, 1, createdMillis, "s", null, List.of(new byte[] {1}), null);
    }
}
