package io.titanicmq.runtime.store;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The durable store behind Titanic: requests, dispatch attempts, outcomes and closes.
 *
 * <p>Every mutation returns a future that completes only once the record is durable (the fsync
 * covering it returned); many concurrent mutations share one fsync (group commit). The future
 * fails with a {@link StoreException} if the record could not be made durable. After a write or
 * fsync failure the store is FAILED: every later mutation fails fast, so nothing that is not
 * durable is ever acknowledged; reads keep working. A backend may recover by itself once the
 * fault clears (the journal probes with a back-off); {@link StoreStats#failed()} tells which.
 *
 * <p>Futures may complete on the store's writer thread: keep dependent actions short or use the
 * {@code *Async} variants, and never close the store from one. Frames are not copied on the way in
 * or out: do not modify an array after handing it to the store or after getting it back.
 *
 * <p>The first outcome (reply or failure) stored for a request wins; a later {@link #putReply} or
 * {@link #putFailure} for it completes without writing anything. Mutations other than
 * {@link #close(RequestId)} on an unknown or closed request fail with a {@link StoreException}
 * (the store itself stays healthy).
 */
public interface RequestStore extends AutoCloseable {

    /** Stores a new request for {@code service} without owner; {@code idempotencyKey} may be null. */
    default CompletableFuture<Void> putRequest(RequestId id, String service, List<byte[]> body, String idempotencyKey) {
        return putRequest(id, service, body, idempotencyKey, null);
    }

    /**
     * Stores a new request for {@code service}; {@code idempotencyKey} may be null; {@code owner} is
     * the public key of the client that submitted it (null: none), kept durably with the request.
     */
    CompletableFuture<Void> putRequest(RequestId id, String service, List<byte[]> body, String idempotencyKey,
                                       String owner);

    /** Records that the request was handed to a worker for the {@code attempt}-th time (1-based). */
    CompletableFuture<Void> markDispatched(RequestId id, int attempt);

    /** Stores the reply; from then on {@link #get} answers {@link RequestState.Replied}. */
    CompletableFuture<Void> putReply(RequestId id, List<byte[]> reply);

    /** Stores a terminal failure as the request's outcome ({@link RequestState.Failed}). */
    CompletableFuture<Void> putFailure(RequestId id, String reason);

    /** Forgets the request and its outcome; idempotent (closing an unknown id succeeds). */
    CompletableFuture<Void> close(RequestId id);

    /**
     * The state of an open request from the in-memory index; empty when unknown or closed. A reply
     * is read back from disk (CRC verified) or a small cache.
     */
    Optional<RequestState> get(RequestId id);

    /**
     * Sets how groups of completions are run (default {@link CompletionScope#DIRECT}); a store
     * that completes its futures one by one may ignore it.
     */
    default void completeIn(CompletionScope scope) {
    }

    /**
     * Runs {@code work} on the calling thread; the writes it asks for may be held until it
     * returns and then handed to the store together, so they share one durable write. Nothing in
     * {@code work} may wait for them. Nests. The default runs {@code work} and holds nothing.
     */
    default void holdingAppends(Runnable work) {
        work.run();
    }

    /**
     * Whether {@link #get} would answer for {@code id} from memory now, without reading the disk:
     * callers on a thread that must not wait for the disk ask this first. A backend that cannot
     * tell answers false.
     */
    default boolean answersFromMemory(RequestId id) {
        return false;
    }

    /** The key that submitted the open request; empty when unknown, closed, or stored without owner. */
    Optional<String> owner(RequestId id);

    /** The open request stored with this idempotency key, if any. */
    Optional<RequestId> findByIdempotencyKey(String key);

    /** Open requests without reply or failure, in submission order (for re-queue); from memory, no disk reads. */
    List<PendingRequest> pending();

    /**
     * The body of an open request, read back from the store (verified as every stored record is);
     * it may read the disk, so not on a thread that must not wait for it.
     *
     * @return empty when the request is unknown or closed
     * @throws StoreException when the stored request cannot be read (the store reports where)
     */
    Optional<List<byte[]>> requestBody(RequestId id) throws StoreException;

    /** Counters describing the store now. */
    StoreStats stats();

    /** Open requests of {@code service} without reply or failure (cheap: from memory). */
    int pendingOf(String service);

    /** Why mutations are refused now (the store is FAILED), if they are. */
    java.util.Optional<String> failure();

    /** Runs compaction now and waits for it (it also runs by itself). */
    void compact() throws IOException;

    /** Writes what is queued, stops the writer and releases the files. */
    @Override
    void close();
}
