package io.titanicmq.runtime.store;

/** Journal record types with their persistent on-disk ids (never {@code ordinal()}). */
enum RecordType {
    REQUEST(1),
    DISPATCHED(2),
    REPLY(3),
    FAILED(4),
    CLOSED(5);

    private final byte id;

    RecordType(int id) {
        this.id = (byte) id;
    }

    /** The id written in the record header. */
    byte id() {
        return id;
    }

    /** The type with this on-disk id, or null if none. */
    static RecordType byId(int id) {
        for (RecordType type : values()) {
            if (type.id == id) {
                return type;
            }
        }
        return null;
    }
}
