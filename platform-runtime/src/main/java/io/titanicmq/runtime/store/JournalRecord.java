package io.titanicmq.runtime.store;

import java.util.List;

/** The decoded content of one journal record. */
sealed interface JournalRecord {

    RequestId id();

    RecordType type();

    /**
     * A request was accepted. {@code seq} orders submissions; {@code createdMillis} drives retention;
     * {@code owner} is the key of the client that submitted it (null: none, e.g. CURVE off).
     */
    record Request(RequestId id, long seq, long createdMillis, String service, String idempotencyKey,
                   List<byte[]> body, String owner) implements JournalRecord {

        public Request {
            service = ServiceNames.canonical(service);
        }

        /** A request without owner. */
        Request(RequestId id, long seq, long createdMillis, String service, String idempotencyKey, List<byte[]> body) {
            this(id, seq, createdMillis, service, idempotencyKey, body, null);
        }

        @Override
        public RecordType type() {
            return RecordType.REQUEST;
        }
    }

    /** The request was handed to a worker for the {@code attempt}-th time. */
    record Dispatched(RequestId id, int attempt) implements JournalRecord {
        @Override
        public RecordType type() {
            return RecordType.DISPATCHED;
        }
    }

    /** The reply frames. */
    record Reply(RequestId id, List<byte[]> frames) implements JournalRecord {
        @Override
        public RecordType type() {
            return RecordType.REPLY;
        }
    }

    /** A terminal failure. */
    record Failed(RequestId id, String reason) implements JournalRecord {
        @Override
        public RecordType type() {
            return RecordType.FAILED;
        }
    }

    /** The request was closed (by the client, or expired by retention). */
    record Closed(RequestId id) implements JournalRecord {
        @Override
        public RecordType type() {
            return RecordType.CLOSED;
        }
    }
}
