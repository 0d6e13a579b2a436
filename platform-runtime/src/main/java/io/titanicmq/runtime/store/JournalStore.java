package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal backend of {@link RequestStore}: recovery on open, appends through the
 * {@link JournalWriter} (group commit), reads from the {@link JournalIndex}, replies read back from
 * disk through {@link SegmentReaders}. The directory is locked ({@code journal.lock}) while open.
 * Frames passed in are not copied: callers must not change them afterwards.
 */
final class JournalStore implements RequestStore {

    private static final Logger LOG = LoggerFactory.getLogger(JournalStore.class);

    private final StoreSettings settings;
    private final StoreMonitor monitor;
    private final JournalIndex index;
    private final RecordCodec codec;
    private final SegmentReaders readers;
    private final ReplyCache cache;
    private final FileChannel lockChannel;
    private final AtomicLong corruptions;
    private final AtomicBoolean closed = new AtomicBoolean();
    private JournalWriter writer;
    private Compactor compactor;

    private JournalStore(StoreSettings settings, StoreMonitor monitor, ChannelFactory channels, FileChannel lockChannel) {
        this.settings = settings;
        this.monitor = monitor;
        this.lockChannel = lockChannel;
        this.cache = new ReplyCache(settings.replyCacheSize());
        this.index = new JournalIndex(cache);
        this.codec = new RecordCodec(settings.maxRecordSize(), settings.compressMinSize());
        this.readers = new SegmentReaders(settings.dir(), channels, codec);
        this.corruptions = new AtomicLong();
    }

    /** Locks the directory, recovers the index from the segments and starts the writer. */
    static JournalStore open(StoreSettings settings, StoreMonitor monitor, ChannelFactory channels) throws IOException {
        StoreDirectory.create(settings.dir());
        FileChannel lockChannel = channels.open(settings.dir().resolve("journal.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock(settings, lockChannel);
            JournalStore store = new JournalStore(settings, monitor, channels, lockChannel);
            long started = System.nanoTime();
            JournalRecovery.Outcome recovered =
                    new JournalRecovery(settings.dir(), channels, store.codec, monitor, store.index).run();
            store.corruptions.set(recovered.corruptions());
            Compactor compactor = new Compactor(settings, channels, store.index, store.codec, store.readers, monitor);
            store.compactor = compactor;
            store.writer = new JournalWriter(settings, channels, store.index, recovered, monitor, compactor::run);
            compactor.writer(store.writer);
            store.writer.start();
            LOG.info("Journal {} open: {} open requests ({} pending), {} segments, {} bytes, {} corrupt, in {} ms",
                    settings.dir(), store.index.open(), store.index.pending(), store.index.segmentCount(),
                    store.index.bytes(), recovered.corruptions(), (System.nanoTime() - started) / 1_000_000);
            return store;
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    private static void lock(StoreSettings settings, FileChannel lockChannel) throws IOException {
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            throw new StoreException("Journal " + settings.dir() + " is already open in this process", e);
        }
        if (lock == null) {
            throw new StoreException("Journal " + settings.dir() + " is in use by another process");
        }
    }

    @Override
    public void completeIn(CompletionScope scope) {
        writer.completeIn(scope);
    }

    @Override
    public void holdingAppends(Runnable work) {
        writer.holding(work);
    }

    @Override
    public CompletableFuture<Void> putRequest(RequestId id, String service, List<byte[]> body, String idempotencyKey,
                                              String owner) {
        Objects.requireNonNull(service, "service");
        if (index.get(id) != null) {
            return refuse("Request " + id + " is already stored");
        }
        return append(new JournalRecord.Request(id, index.nextSeq(), System.currentTimeMillis(), service,
                idempotencyKey, List.copyOf(body), owner));
    }

    @Override
    public CompletableFuture<Void> markDispatched(RequestId id, int attempt) {
        return index.get(id) == null ? unknown(id) : append(new JournalRecord.Dispatched(id, attempt));
    }

    @Override
    public CompletableFuture<Void> putReply(RequestId id, List<byte[]> reply) {
        IndexEntry entry = index.get(id);
        if (entry == null) {
            return unknown(id);
        }
        if (entry.status() != IndexEntry.Status.PENDING) {
            return CompletableFuture.completedFuture(null);
        }
        // The index caches the reply as it applies the record (the first reply stored wins).
        return append(new JournalRecord.Reply(id, List.copyOf(reply)));
    }

    @Override
    public CompletableFuture<Void> putFailure(RequestId id, String reason) {
        IndexEntry entry = index.get(id);
        if (entry == null) {
            return unknown(id);
        }
        if (entry.status() != IndexEntry.Status.PENDING) {
            return CompletableFuture.completedFuture(null);
        }
        return append(new JournalRecord.Failed(id, Objects.requireNonNull(reason, "reason")));
    }

    @Override
    public CompletableFuture<Void> close(RequestId id) {
        if (index.get(id) == null) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = append(new JournalRecord.Closed(id));
        done.thenRun(() -> cache.remove(id));
        return done;
    }

    @Override
    public Optional<RequestState> get(RequestId id) {
        IndexEntry entry = index.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        switch (entry.status()) {
            case PENDING:
                return Optional.of(new RequestState.Pending(entry.service(), entry.attempts()));
            case FAILED:
                return Optional.of(new RequestState.Failed(entry.failure()));
            default:
                List<byte[]> cached = cache.get(id);
                return cached != null ? Optional.of(new RequestState.Replied(cached)) : readReply(entry);
        }
    }

    @Override
    public boolean answersFromMemory(RequestId id) {
        IndexEntry entry = index.get(id);
        return entry == null || entry.status() != IndexEntry.Status.REPLIED || cache.contains(id);
    }

    private Optional<RequestState> readReply(IndexEntry entry) {
        try {
            return readOwnRecord(entry.id(), IndexEntry::outcome, JournalRecord.Reply.class, "reply of").map(reply -> {
                cache.put(reply.id(), reply.frames());
                return new RequestState.Replied(reply.frames());
            });
        } catch (IOException e) {
            return Optional.of(new RequestState.Failed("stored reply is unreadable: " + e.getMessage()));
        }
    }

    /**
     * The {@code type} record of open request {@code id} at the location {@code where} takes from
     * its index entry, checked to belong to it; read again when compaction moved it meanwhile.
     *
     * @return empty when the request is unknown or was closed meanwhile
     * @throws IOException when the record cannot be read; it is counted and reported as corrupt
     *     ({@code "stored <what> <id> unreadable: ..."}) first
     */
    private <R extends JournalRecord> Optional<R> readOwnRecord(RequestId id, Function<IndexEntry, Location> where,
                                                                Class<R> type, String what) throws IOException {
        while (true) {
            IndexEntry entry = index.get(id);
            if (entry == null) {
                return Optional.empty();
            }
            Location at = where.apply(entry);
            try {
                JournalRecord record = readers.read(at);
                if (type.isInstance(record) && record.id().equals(id)) {
                    return Optional.of(type.cast(record));
                }
                throw new CorruptRecordException("no " + type.getSimpleName().toUpperCase(Locale.ROOT) + " record of "
                        + id + " there");
            } catch (IOException e) {
                IndexEntry now = index.get(id);
                if (now == null) {
                    return Optional.empty();
                }
                if (!Objects.equals(where.apply(now), at)) {
                    continue; // compaction moved the record while it was read
                }
                corruptions.incrementAndGet();
                monitor.corruptRecord(readers.path(at), at.offset(), "stored " + what + " " + id + " unreadable: "
                        + e.getMessage());
                throw e;
            }
        }
    }

    @Override
    public Optional<String> owner(RequestId id) {
        IndexEntry entry = index.get(id);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.owner());
    }

    @Override
    public Optional<RequestId> findByIdempotencyKey(String key) {
        return Optional.ofNullable(index.byKey(key));
    }

    @Override
    public List<PendingRequest> pending() {
        return index.pendingEntries().stream()
                .map(e -> new PendingRequest(e.id(), e.service(), e.attempts())).toList();
    }

    @Override
    public Optional<List<byte[]>> requestBody(RequestId id) throws StoreException {
        try {
            return readOwnRecord(id, IndexEntry::request, JournalRecord.Request.class, "request")
                    .map(JournalRecord.Request::body);
        } catch (IOException e) {
            throw new StoreException("stored request " + id + " is unreadable: " + e.getMessage());
        }
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(index.open(), index.pending(), index.segmentCount(), index.bytes(), writer.fsyncs(),
                writer.records(), corruptions.get(), writer.failure() != null);
    }

    @Override
    public int pendingOf(String service) {
        return index.pendingOf(service);
    }

    @Override
    public Optional<String> failure() {
        StoreException failed = writer.failure();
        return failed == null ? Optional.empty() : Optional.of(failed.getMessage());
    }

    @Override
    public void compact() throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        writer.submit(new JournalWriter.Task(() -> compactor.run(true), done), done);
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("Interrupted while waiting for compaction of " + settings.dir(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new StoreException("Compaction of " + settings.dir() + " failed", e.getCause());
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.close();
        readers.close();
        try {
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("Releasing the lock of journal {} failed", settings.dir(), e);
        }
    }

    private CompletableFuture<Void> append(JournalRecord record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            writer.submit(new JournalWriter.Append(record, codec.encode(record), done), done);
        } catch (StoreException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private CompletableFuture<Void> unknown(RequestId id) {
        return refuse("Request " + id + " is unknown or closed");
    }

    private static CompletableFuture<Void> refuse(String message) {
        return CompletableFuture.failedFuture(new StoreException(message));
    }
}
