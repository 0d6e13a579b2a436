package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.store.RequestId;
import java.util.List;

/** A stored request the dispatcher still has to get a reply for. Touched by the dispatcher thread only. */
final class Job {

    final RequestId id;
    final String service;
    /** The body; null while it is on disk only ({@link QueuedBodies}). */
    List<byte[]> body;
    /** Bytes this job's body counts against {@link QueuedBodies}' budget; 0 when it does not count. */
    long heldBytes;
    /** Attempts made so far, as persisted (the next one is {@code attempts + 1}). */
    int attempts;
    /** The attempt now at the broker, 0 when none. */
    int inFlightAttempt;
    /** Monotonic time the current attempt was handed to the broker. */
    long dispatchedAt;
    /** Monotonic time a worker took the current attempt, 0 while it waits at the broker (in memory only). */
    long startedAt;
    /** Monotonic time since the service was seen without workers, 0 when it had some. */
    long noWorkerSince;
    /** The last progress the worker of the current attempt reported, -1 when none (in memory only). */
    double progress = -1;
    /** The text reported with {@link #progress}. */
    String progressMessage = "";
    /** Monotonic time {@link #progress} came, 0 when none. */
    long progressAt;

    Job(RequestId id, String service, List<byte[]> body, int attempts) {
        this.id = id;
        this.service = service;
        this.body = body;
        this.attempts = attempts;
    }

    /** The worker of the current attempt reported progress. */
    void progressed(double fraction, String message, long at) {
        progress = fraction;
        progressMessage = message;
        progressAt = at;
    }

    /** What {@code titanic.status} shows beyond the store. */
    JobStatus status(long now) {
        if (inFlightAttempt == 0 || startedAt == 0) {
            return JobStatus.WAITING;
        }
        return JobStatus.running(inFlightAttempt, startedAt, progress, progressMessage, progressAt, now);
    }

    /** Forgets the progress of the previous attempt. */
    void resetProgress() {
        startedAt = 0;
        progress = -1;
        progressMessage = "";
        progressAt = 0;
    }

    /** The MDP client-address frame of an attempt: {@code <32 hex>/<attempt>} (see docs/protocol.md). */
    byte[] address(int attempt) {
        return (id.hex() + "/" + attempt).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
