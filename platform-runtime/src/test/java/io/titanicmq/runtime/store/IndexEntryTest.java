package io.titanicmq.runtime.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-request multiset of segments, kept as a main segment with a count plus the others. */
class IndexEntryTest {

    private static final Location REQUEST_AT = new Location(1, 64);

    private static IndexEntry entry() {
        return IndexEntry.of(new JournalRecord.Request(RequestId.random(), 1, 0, "svc", null, List.of()), REQUEST_AT);
    }

    private static long[] sorted(long[] segments) {
        long[] copy = segments.clone();
        Arrays.sort(copy);
        return copy;
    }

    @Test
    void recordsInTheSameAndOtherSegmentsAreCountedOnceEach() {
        IndexEntry e = entry().plusSegment(1).plusSegment(2).plusSegment(2);
        assertArrayEquals(new long[] {1, 1, 2, 2}, sorted(e.segments()));
        assertTrue(e.hasRecordIn(1) && e.hasRecordIn(2));
        assertFalse(e.hasRecordIn(3));
        assertEquals(1, e.oldestSegment());
        assertEquals(REQUEST_AT, e.request());
    }

    @Test
    void relocationMovesOneRecordAndTheRequestLocationWithIt() {
        IndexEntry e = entry().plusSegment(2);
        assertNull(e.relocated(new Location(5, 0), new Location(6, 0)), "no record in segment 5");

        IndexEntry moved = e.relocated(REQUEST_AT, new Location(7, 128));
        assertArrayEquals(new long[] {2, 7}, sorted(moved.segments()));
        assertEquals(new Location(7, 128), moved.request());
        assertFalse(moved.hasRecordIn(1));
        assertEquals(2, moved.oldestSegment());

        IndexEntry again = moved.relocated(new Location(2, 300), new Location(7, 400)).plusSegment(7);
        assertArrayEquals(new long[] {7, 7, 7}, again.segments());
        assertEquals(new Location(7, 128), again.request(), "only the record that was at 2/300 moved");
    }

    @Test
    void theOutcomeMovesWhenItsRecordDoes() {
        Location replyAt = new Location(3, 10);
        IndexEntry e = entry().plusSegment(3).withOutcome(IndexEntry.Status.REPLIED, replyAt, null);
        IndexEntry moved = e.relocated(replyAt, new Location(4, 20));
        assertEquals(new Location(4, 20), moved.outcome());
        assertEquals(REQUEST_AT, moved.request());
        assertArrayEquals(new long[] {1, 4}, sorted(moved.segments()));
    }
}
