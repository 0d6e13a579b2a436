package io.titanicmq.runtime.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the journal (thread {@code titanic-journal}): takes appends from a bounded
 * queue, writes everything queued as one batch, fsyncs once ({@code force(false)}), applies the
 * batch to the index and only then completes the batch's futures (group commit). Rolls to a new
 * segment when the next record would take the current one past {@code segment-size}; runs
 * compaction after a rollover, every {@code compaction-interval}, and on request. After a failed
 * write or fsync it is FAILED: the batch and every later append fail with one {@link StoreException},
 * so nothing that is not durable is acknowledged. While FAILED it probes with a back-off
 * ({@link ProbeSchedule}): a probe cuts what the failed batch may have left, checks the disk takes a
 * write and fsync, and starts a new segment ({@link SegmentAppender#recover}). When that works (the
 * disk has room again, the device answers) the store accepts appends again.
 *
 * <h2>Segment file ({@code NNNNNNNNNNNNNNNNNNNN.seg}, all integers big-endian)</h2>
 * <table>
 * <caption>File header, 20 bytes</caption>
 * <tr><th>offset</th><th>size</th><th>field</th></tr>
 * <tr><td>0</td><td>4</td><td>magic {@code "TMQJ"}</td></tr>
 * <tr><td>4</td><td>2</td><td>format version, u16 = 1 (any other version is refused, naming the supported ones)</td></tr>
 * <tr><td>6</td><td>2</td><td>reserved, 0</td></tr>
 * <tr><td>8</td><td>8</td><td>segment number, u64 (equals the file name)</td></tr>
 * <tr><td>16</td><td>4</td><td>CRC32C of bytes 0..15</td></tr>
 * </table>
 * <table>
 * <caption>Record frame, repeated to the end of the file</caption>
 * <tr><th>offset</th><th>size</th><th>field</th></tr>
 * <tr><td>0</td><td>1</td><td>type: 1 REQUEST, 2 DISPATCHED, 3 REPLY, 4 FAILED, 5 CLOSED</td></tr>
 * <tr><td>1</td><td>1</td><td>flags: bit 0 = payload gzip-compressed; other bits 0</td></tr>
 * <tr><td>2</td><td>4</td><td>payload length L as stored, u32, at most {@code max-record-size}</td></tr>
 * <tr><td>6</td><td>4</td><td>CRC32C over bytes 0..5 and the L payload bytes</td></tr>
 * <tr><td>10</td><td>L</td><td>payload (gzip of the fields below when flag bit 0 is set)</td></tr>
 * </table>
 * <table>
 * <caption>Payload fields (after inflation); every payload starts with the request id</caption>
 * <tr><th>type</th><th>fields</th></tr>
 * <tr><td>all</td><td>id msb i64, id lsb i64</td></tr>
 * <tr><td>REQUEST</td><td>seq u64 (submission order), created epoch-millis i64, service str16,
 *   has-key u8 (0/1), [idempotency key str16], frames</td></tr>
 * <tr><td>DISPATCHED</td><td>attempt u32</td></tr>
 * <tr><td>REPLY</td><td>frames</td></tr>
 * <tr><td>FAILED</td><td>reason: length u32, UTF-8 bytes</td></tr>
 * <tr><td>CLOSED</td><td>nothing more</td></tr>
 * <tr><td>str16</td><td>length u16, UTF-8 bytes</td></tr>
 * <tr><td>frames</td><td>count u32, then per frame: length u32, bytes</td></tr>
 * </table>
 * Payloads of at least {@code compress-min-size} bytes are gzip-compressed (level 1) and stored
 * compressed only if that is smaller: small records compress badly (gzip adds 18+ bytes).
 * Recovery and compaction rules: {@link JournalRecovery}, {@link Compactor}, docs/storage-format.md.
 */
final class JournalWriter {

    /** Something for the writer thread to do. */
    sealed interface Op permits Append, Task, Stop, Batch {
    }

    /** Ops one thread submitted inside {@link #holding}, queued as one so the writer takes them together. */
    record Batch(List<Op> ops) implements Op {
    }

    /** Append a framed record; {@code done} completes once it is durable and indexed. */
    record Append(JournalRecord record, ByteBuffer frame, CompletableFuture<Void> done) implements Op {
    }

    /** Run {@code work} on the writer thread between batches. */
    record Task(IoWork work, CompletableFuture<Void> done) implements Op {
    }

    /** Write what came before, then stop. */
    record Stop() implements Op {
    }

    /** Work that may fail with an I/O error. */
    @FunctionalInterface
    interface IoWork {
        void run() throws IOException;
    }

    /** Compaction, run on the writer thread; {@code explicit} when asked for through the store. */
    @FunctionalInterface
    interface Compaction {
        void run(boolean explicit) throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int MAX_BATCH = 4096;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final StoreSettings settings;
    private final JournalIndex index;
    private final Compaction compaction;
    private final StoreMonitor monitor;
    private final BlockingQueue<Op> queue;
    private final Thread thread;
    private final AtomicLong records = new AtomicLong();
    private volatile StoreException failure;
    private volatile boolean closing;
    private volatile boolean stopped;
    private volatile boolean stopRequested;
    private final SegmentAppender appender;
    private boolean compactionDue;
    private final ProbeSchedule probes = new ProbeSchedule();
    private volatile CompletionScope completionScope = CompletionScope.DIRECT;
    /**
     * Per thread: the ops submitted inside {@link #holding}, queued when it ends. Made once per
     * thread: the broker thread holds once per turn, thousands of times a second.
     */
    private final ThreadLocal<Hold> held = ThreadLocal.withInitial(Hold::new);

    /** A thread's {@link #holding} depth and the ops it holds. */
    private static final class Hold {
        int depth;
        List<Op> ops = new ArrayList<>();
    }

    JournalWriter(StoreSettings settings, ChannelFactory channels, JournalIndex index, JournalRecovery.Outcome recovered,
                  StoreMonitor monitor, Compaction compaction) throws IOException {
        this.settings = settings;
        this.monitor = monitor;
        this.index = index;
        this.compaction = compaction;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.appender = new SegmentAppender(settings, channels, index, recovered);
        thread = new Thread(this::run, "titanic-journal");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** How the futures of a durable group are completed; see {@link RequestStore#completeIn}. */
    void completeIn(CompletionScope scope) {
        completionScope = java.util.Objects.requireNonNull(scope, "scope");
    }

    StoreException failure() {
        return failure;
    }

    long fsyncs() {
        return appender.fsyncs();
    }

    long records() {
        return records.get();
    }

    long activeSegment() {
        return appender.active();
    }

    /**
     * Queues an op (blocking while the queue is full), or holds it until the calling thread's
     * {@link #holding} ends; fails it at once if the store is FAILED or closed.
     */
    void submit(Op op, CompletableFuture<Void> done) {
        StoreException refused = failure != null ? failure
                : closing ? new StoreException("Journal " + settings.dir() + " is closed") : null;
        if (refused != null) {
            done.completeExceptionally(refused);
            return;
        }
        Hold hold = held.get();
        if (hold.depth > 0) {
            hold.ops.add(op);
            return;
        }
        enqueue(op);
    }

    /**
     * Runs {@code work}; the ops the calling thread submits meanwhile are queued together when it
     * returns, in order. Without it the writer wakes on the first of a burst of appends and
     * fsyncs it nearly alone while the rest queue behind that fsync. Nests.
     */
    void holding(Runnable work) {
        Hold hold = held.get();
        hold.depth++;
        try {
            work.run();
        } finally {
            if (--hold.depth == 0) {
                List<Op> ops = hold.ops;
                if (ops.size() == 1) {
                    Op op = ops.get(0);
                    ops.clear();
                    enqueue(op);
                } else if (!ops.isEmpty()) {
                    hold.ops = new ArrayList<>();
                    enqueue(new Batch(ops));
                }
            }
        }
    }

    private void enqueue(Op op) {
        try {
            queue.put(op);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(op, new StoreException("Interrupted while queueing for the journal writer", e));
            return;
        }
        if (stopped) {
            failQueued(new StoreException("Journal " + settings.dir() + " is closed"));
        }
    }

    /**
     * Writes everything queued before, then stops the thread (bounded wait) and closes the file.
     * Called from the writer thread itself (a future callback), it only asks the thread to stop.
     */
    void close() {
        closing = true;
        if (Thread.currentThread() == thread) {
            stopRequested = true;
            return;
        }
        try {
            queue.put(new Stop());
            thread.join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            if (thread.isAlive()) {
                LOG.warn("Journal writer for {} did not stop within {} s (queued={})",
                        settings.dir(), STOP_TIMEOUT_SECONDS, queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while stopping the journal writer for {}", settings.dir(), e);
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>(MAX_BATCH);
        List<Op> drained = new ArrayList<>(MAX_BATCH);
        long interval = settings.compactionInterval().toNanos();
        long nextCompaction = System.nanoTime() + interval;
        boolean stop = false;
        while (!stop) {
            try {
                long now = System.nanoTime();
                boolean probing = failure != null;
                long wait = (probing && probes.next() - nextCompaction < 0 ? probes.next() : nextCompaction) - now;
                Op first = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : null;
                if (first == null) {
                    if (probing && probes.due(System.nanoTime())) {
                        probe();
                    } else {
                        compactLogged();
                        nextCompaction = System.nanoTime() + interval;
                    }
                    continue;
                }
                add(batch, first);
                queue.drainTo(drained, MAX_BATCH - 1);
                drained.forEach(op -> add(batch, op));
                drained.clear();
                stop = process(batch) || stopRequested;
                if (!stop && failure != null && probes.due(System.nanoTime())) {
                    probe();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Journal writer for {} interrupted; stopping", settings.dir(), e);
                stop = true;
            } catch (IOException | RuntimeException | Error e) {
                StoreException failed = enterFailed("journal writer loop", e);
                batch.forEach(op -> fail(op, failed));
            } finally {
                batch.clear();
            }
        }
        stopped = true;
        failQueued(new StoreException("Journal " + settings.dir() + " is closed"));
        appender.close();
    }

    /** Adds {@code op} to {@code batch}, the ops of a {@link Batch} one by one. */
    private static void add(List<Op> batch, Op op) {
        if (op instanceof Batch held) {
            batch.addAll(held.ops());
        } else {
            batch.add(op);
        }
    }

    /** @return whether a Stop was in the batch */
    private boolean process(List<Op> batch) throws IOException {
        List<Append> group = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Op op = batch.get(i);
            if (op instanceof Append append) {
                group.add(append);
                continue;
            }
            commit(group);
            group.clear();
            if (op instanceof Task task) {
                try {
                    task.work().run();
                    task.done().complete(null);
                } catch (IOException | RuntimeException e) {
                    task.done().completeExceptionally(e);
                }
            } else {
                StoreException closed = new StoreException("Journal " + settings.dir() + " is closed");
                batch.subList(i + 1, batch.size()).forEach(late -> fail(late, closed));
                return true;
            }
        }
        commit(group);
        if (compactionDue && failure == null) {
            compactionDue = false;
            compactLogged();
        }
        return false;
    }

    private void commit(List<Append> group) {
        if (group.isEmpty()) {
            return;
        }
        List<ByteBuffer> frames = new ArrayList<>(group.size());
        group.forEach(append -> frames.add(append.frame()));
        List<Location> locations;
        try {
            locations = writeDurably(frames);
        } catch (IOException e) {
            StoreException failed = failure != null ? failure : enterFailed("write", e);
            group.forEach(append -> append.done().completeExceptionally(failed));
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            index.apply(group.get(i).record(), locations.get(i));
        }
        records.addAndGet(group.size());
        completionScope.run(() -> group.forEach(append -> append.done().complete(null)));
    }

    /**
     * Writes frames (rolling segments as needed) and fsyncs them; writer thread only. An I/O error
     * makes the store FAILED before it is rethrown. The caller applies the records to the index.
     */
    List<Location> writeDurably(List<ByteBuffer> frames) throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            List<Location> locations = appender.append(frames);
            compactionDue |= appender.takeRolled();
            return locations;
        } catch (IOException e) {
            throw failure != null ? failure : enterFailed("write", e);
        }
    }

    /** Starts a new segment now; writer thread only. */
    void roll() throws IOException {
        if (failure != null) {
            throw failure;
        }
        try {
            appender.roll();
            compactionDue |= appender.takeRolled();
        } catch (IOException e) {
            throw failure != null ? failure : enterFailed("segment rollover", e);
        }
    }

    private void compactLogged() {
        try {
            compaction.run(false);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Compaction of journal {} failed (segments={}, open={}); will retry",
                    settings.dir(), index.segmentCount(), index.open(), e);
        }
    }

    private StoreException enterFailed(String what, Throwable cause) {
        synchronized (this) {
            if (failure == null) {
                Path segment = SegmentFile.path(settings.dir(), appender.active());
                failure = new StoreException("Journal " + settings.dir() + " is FAILED: " + what + " on " + segment
                        + " at offset " + appender.position() + " failed (" + cause + "); nothing is accepted until"
                        + " a write and fsync work again (probed every " + ProbeSchedule.MAX_PROBE_MILLIS / 1000
                        + " s at most)", cause);
                LOG.error("Journal {} FAILED after a {} error on {}: nothing further is acknowledged until a probe"
                        + " succeeds (open={}, pending={})", settings.dir(), what, segment, index.open(),
                        index.pending(), cause);
                probes.failed(System.nanoTime());
                monitor.storeFailed(settings.dir(), cause);
            }
            return failure;
        }
    }

    /** While FAILED: tries to cut the failed batch's leftovers and start a fresh segment; writer thread only. */
    private void probe() {
        try {
            appender.recover();
        } catch (IOException | RuntimeException e) {
            long wait = probes.probeFailed(System.nanoTime());
            LOG.warn("Journal {} still FAILED: probe failed ({}); next probe in {} ms", settings.dir(), e.toString(), wait);
            return;
        }
        compactionDue |= appender.takeRolled();
        Duration down = probes.recovered(System.nanoTime());
        synchronized (this) {
            failure = null;
        }
        LOG.info("Journal {} recovered after {} ms FAILED: appending to segment {} (open={}, pending={})",
                settings.dir(), down.toMillis(), appender.active(), index.open(), index.pending());
        monitor.storeRecovered(settings.dir(), down);
    }

    private void failQueued(StoreException cause) {
        List<Op> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(op -> fail(op, cause));
    }

    private static void fail(Op op, StoreException cause) {
        if (op instanceof Batch held) {
            held.ops().forEach(o -> fail(o, cause));
        } else if (op instanceof Append append) {
            append.done().completeExceptionally(cause);
        } else if (op instanceof Task task) {
            task.done().completeExceptionally(cause);
        }
    }
}
