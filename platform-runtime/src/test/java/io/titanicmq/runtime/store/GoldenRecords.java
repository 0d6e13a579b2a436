package io.titanicmq.runtime.store;

import static io.titanicmq.runtime.store.StoreTestSupport.frames;

import java.util.List;

/** The records of the committed version-1 golden segment, {@code golden-v1/00000000000000000001.seg}. */
final class GoldenRecords {

    static final RequestId REPLIED = new RequestId(0x0123456789abcdefL, 0x0fedcba987654321L);
    static final RequestId FAILED = new RequestId(1, 2);
    static final RequestId COMPRESSED = new RequestId(3, 4);
    static final RequestId CLOSED = new RequestId(5, 6);
    static final RequestId PENDING = new RequestId(7, 8);
    static final long CREATED = 1_764_000_000_000L;
    static final String BIG = "a".repeat(600);

    private GoldenRecords() {
    }

    static List<JournalRecord> all() {
        return List.of(
                new JournalRecord.Request(REPLIED, 1, CREATED, "echo", "client-1/1", frames("hello", "world")),
                new JournalRecord.Dispatched(REPLIED, 1),
                new JournalRecord.Reply(REPLIED, frames("HELLO", "WORLD")),
                new JournalRecord.Request(FAILED, 2, CREATED, "report", null, frames("")),
                new JournalRecord.Dispatched(FAILED, 1),
                new JournalRecord.Dispatched(FAILED, 2),
                new JournalRecord.Failed(FAILED, "worker kept crashing"),
                new JournalRecord.Request(COMPRESSED, 3, CREATED, "video", null, frames("x")),
                new JournalRecord.Reply(COMPRESSED, frames(BIG)),
                new JournalRecord.Request(CLOSED, 4, CREATED, "echo", "k4", frames("bye")),
                new JournalRecord.Closed(CLOSED),
                new JournalRecord.Request(PENDING, 5, CREATED, "echo", null, frames("pending")),
                new JournalRecord.Dispatched(PENDING, 3));
    }
}
