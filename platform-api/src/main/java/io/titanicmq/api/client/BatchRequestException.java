package io.titanicmq.api.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Some requests of a {@link TitanicClient#requestBatch} batch failed; the others are stored and
 * their ids are in {@link #uuids()}, so the caller can track them instead of sending them again.
 */
public final class BatchRequestException extends ClientException {

    private static final long serialVersionUID = 1L;

    private final transient List<String> uuids;

    /**
     * @param message how many failed and why the first did
     * @param uuids one entry per body of the batch: the request id, or null where it failed
     * @param cause the first failure
     */
    public BatchRequestException(String message, List<String> uuids, Throwable cause) {
        super(message, cause);
        this.uuids = Collections.unmodifiableList(new ArrayList<>(uuids));
    }

    /** One entry per body of the batch, in order: the request id, or null where the request failed. */
    public List<String> uuids() {
        return uuids;
    }
}
