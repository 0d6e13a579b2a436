package io.titanicmq.runtime.store;

import java.io.IOException;

/** A record that is not what its frame claims: bad CRC, bad bounds, bad payload, over-size inflation. */
final class CorruptRecordException extends IOException {

    CorruptRecordException(String message) {
        super(message);
    }

    CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
