package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.DispatchListener;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves stored requests to workers and their replies back to the store.
 *
 * <p>Event driven: it learns of new requests from {@link #enqueue} (after they are durable) and of
 * old ones from recovery; it never rescans the disk. Per-service FIFO; up to
 * {@code in-flight-per-service} requests of a service are at the broker at once, each addressed
 * {@code <uuid>/<attempt>} so replies correlate without a socket per request. A reply is stored
 * before the request counts as done; a lost, failed or timed-out attempt is retried with backoff
 * until {@code max-attempts}, then a terminal failure is stored. All state is owned by the broker
 * thread ({@link Broker#post}): the dispatcher is co-hosted with the broker, so handing a request
 * to the broker and hearing its reply cost no thread hand-off. Store callbacks post to it; timers
 * (attempt timeouts, retry backoff) run on {@code titanic-dispatcher-timers}, which only posts.
 *
 * <p>It also keeps, in memory only, the last progress the worker of each running attempt reported
 * ({@link #status}), and cancels requests ({@link #cancel}): a queued one leaves the queue, a
 * running one is cancelled at the broker (its worker is disconnected); either way the terminal
 * failure {@value #CANCELLED} is stored.
 */
final class Dispatcher implements DispatchListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private static final List<byte[]> EMPTY_BODY = List.of(new byte[0]);
    /** Most queued jobs whose bodies are read ahead of need, per lane and read. */
    private static final int READ_AHEAD_JOBS = 256;
    /** The failure reason of a cancelled request ({@code titanic.reply} answers {@code 410 cancelled}). */
    static final String CANCELLED = "cancelled";

    private final Broker broker;
    private final RequestStore store;
    private final DispatcherSettings settings;
    private final JobTimers timers;
    private volatile boolean closed;
    private final long maxReplySize;
    private final OutcomeWriter outcomes;
    private final QueuedBodies bodies;
    private final Map<RequestId, Job> jobs = new HashMap<>();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();

    /** One service's queue, the count of its attempts at the broker, and whether bodies are being read for it. */
    private static final class Lane {
        final ArrayDeque<Job> waiting = new ArrayDeque<>();
        int inFlight;
        boolean reading;
    }

    /** @param maxReplySize a larger reply (all frames) ends its request with a terminal failure instead */
    Dispatcher(Broker broker, RequestStore store, DispatcherSettings settings, long maxReplySize) {
        this.broker = broker;
        this.store = store;
        this.settings = settings;
        this.timers = new JobTimers(this::post);
        this.maxReplySize = maxReplySize;
        this.outcomes = new OutcomeWriter(store, timers.scheduler());
        this.bodies = new QueuedBodies(store, settings.queuedBodyMemory());
    }

    /**
     * Queues a durable request for dispatch; callable from any thread.
     *
     * @param body the body, or null to read it back from the store when its turn comes
     */
    void enqueue(RequestId id, String service, List<byte[]> body, int attempts) {
        post(() -> admit(new Job(id, service, body, attempts)));
    }

    /** The client closed the request: stop working on it (a running attempt is cancelled at the broker); callable from any thread. */
    void forget(RequestId id) {
        post(() -> {
            Job job = jobs.remove(id);
            if (job != null) {
                Lane lane = lane(job.service);
                lane.waiting.remove(job);
                bodies.release(job);
                if (job.inFlightAttempt != 0) {
                    broker.cancel(job.service, job.address(job.inFlightAttempt));
                }
                leaveBroker(job);
                pump(job.service, lane);
            }
        });
    }

    /**
     * Cancels a request; callable from any thread. A queued request (or one waiting for a retry)
     * leaves the queue; a running one is cancelled at the broker, which disconnects its worker.
     * Then the terminal failure {@value #CANCELLED} is stored.
     *
     * @return completes with true once the failure is stored, with false when the dispatcher does
     *     not work on this request (unknown, closed, or already ended)
     */
    CompletableFuture<Boolean> cancel(RequestId id) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        post(() -> {
            Job job = jobs.get(id);
            if (job == null) {
                done.complete(false);
                return;
            }
            if (job.inFlightAttempt != 0) {
                broker.cancel(job.service, job.address(job.inFlightAttempt));
            }
            Lane lane = lane(job.service);
            lane.waiting.remove(job);
            cancelled.incrementAndGet();
            LOG.info("request {} for '{}' cancelled ({})", job.id.hex(), job.service,
                    job.inFlightAttempt != 0 ? "attempt " + job.inFlightAttempt + " was running" : "it was queued");
            end(job, CANCELLED).whenComplete((ok, error) -> {
                if (error != null) {
                    done.completeExceptionally(error);
                } else {
                    done.complete(true);
                }
            });
            pump(job.service, lane);
        });
        return done;
    }

    /**
     * What the dispatcher knows of a request beyond the store, for {@code titanic.status [uuid]}.
     *
     * @return empty when it does not work on the request
     */
    Optional<JobStatus> status(RequestId id) {
        return ask(() -> {
            Job job = jobs.get(id);
            return job == null ? Optional.<JobStatus>empty() : Optional.of(job.status(System.nanoTime()));
        });
    }

    /** A snapshot for {@code titanic.status}: per service, waiting and in-flight counts. */
    Map<String, int[]> depth() {
        return ask(() -> {
            Map<String, int[]> out = new java.util.TreeMap<>();
            lanes.forEach((service, lane) -> out.put(service, new int[] {lane.waiting.size(), lane.inFlight}));
            return out;
        });
    }

    /** Runs {@code reader} on the broker thread and waits (bounded) for its answer. */
    private <T> T ask(java.util.function.Supplier<T> reader) {
        try {
            if (broker.onBrokerThread()) {
                return reader.get();
            }
            CompletableFuture<T> answer = new CompletableFuture<>();
            post(() -> {
                try {
                    answer.complete(reader.get());
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the dispatcher", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("dispatcher did not answer: " + e, e);
        }
    }

    /** Counts: completed, retried, failed, duplicate replies ignored, cancelled, queued bodies read back from the store. */
    long[] counters() {
        return new long[] {completed.get(), retried.get(), failed.get(), duplicates.get(), cancelled.get(),
            bodies.readBack()};
    }

    /** Bytes of queued requests' bodies held in memory now (at most {@code queued-body-memory}). */
    long queuedBodyBytes() {
        return ask(bodies::heldBytes);
    }

    @Override
    public void onReply(byte[] address, List<byte[]> body) {
        post(() -> Address.parse(address).ifPresentOrElse(a -> replied(a, body),
                () -> LOG.warn("reply with a foreign address '{}' ignored", new String(address, StandardCharsets.US_ASCII))));
    }

    @Override
    public void onWorkerLost(byte[] address) {
        post(() -> Address.parse(address).ifPresent(a -> attemptEnded(a, "the worker was lost mid-request", true)));
    }

    @Override
    public void onExpired(byte[] address) {
        post(() -> Address.parse(address).ifPresent(this::expired));
    }

    @Override
    public void onDispatched(byte[] address) {
        long at = System.nanoTime();
        post(() -> inFlight(address).ifPresent(job -> {
            job.startedAt = at;
            job.noWorkerSince = 0;
        }));
    }

    @Override
    public void onProgress(byte[] address, double fraction, String message) {
        long at = System.nanoTime();
        post(() -> inFlight(address).ifPresent(job -> job.progressed(fraction, message, at)));
    }

    /** The job whose current attempt has this address, if any (older attempts' news is stale). */
    private Optional<Job> inFlight(byte[] address) {
        return Address.parse(address).map(a -> {
            Job job = jobs.get(a.id());
            return job != null && job.inFlightAttempt == a.attempt() ? job : null;
        });
    }

    private void admit(Job job) {
        if (jobs.putIfAbsent(job.id, job) != null) {
            return;
        }
        Lane lane = lane(job.service);
        if (!lane.waiting.isEmpty() || lane.inFlight >= settings.inFlightPerService()) {
            bodies.hold(job); // it will wait: its body counts, or stays on disk
        }
        lane.waiting.addLast(job);
        pump(job.service, lane);
    }

    private Lane lane(String service) {
        return lanes.computeIfAbsent(service, s -> new Lane());
    }

    private void pump(String service, Lane lane) {
        while (lane.inFlight < settings.inFlightPerService() && !lane.waiting.isEmpty()) {
            if (lane.waiting.peekFirst().body == null) {
                readBodies(service, lane);
                break;
            }
            dispatch(lane.waiting.pollFirst(), lane);
        }
        if (lane.inFlight == 0 && lane.waiting.isEmpty() && !lane.reading) {
            lanes.remove(service);
        }
    }

    /**
     * The job at the head of the lane has its body on disk only: read it, those of the next jobs
     * without one as far as the lane has room at the broker, and a little ahead (at most
     * {@value #READ_AHEAD_JOBS} more jobs; {@link QueuedBodies#READ_BATCH_BYTES} bounds the
     * bytes), then go on (FIFO: the lane waits for them).
     */
    private void readBodies(String service, Lane lane) {
        if (lane.reading) {
            return;
        }
        int room = Math.max(1, settings.inFlightPerService() - lane.inFlight);
        List<Job> batch = new ArrayList<>();
        java.util.Iterator<Job> queued = lane.waiting.iterator();
        for (int seen = 0; seen < room + READ_AHEAD_JOBS && queued.hasNext(); seen++) {
            Job job = queued.next();
            if (job.body == null) {
                batch.add(job);
            }
        }
        lane.reading = bodies.read(batch, reads -> post(() -> bodiesRead(service, lane, reads)));
    }

    private void bodiesRead(String service, Lane readFor, List<QueuedBodies.Read> reads) {
        readFor.reading = false;
        Lane lane = lane(service);
        for (QueuedBodies.Read read : reads) {
            Job job = read.job();
            if (jobs.get(job.id) != job) {
                continue; // closed or cancelled while its body was read
            }
            if (read.body() != null) {
                job.body = read.body(); // not counted: it goes to the broker now
            } else if (read.error() != null) {
                lane.waiting.remove(job);
                fail(job, read.error());
            } else {
                lane.waiting.remove(job); // the store no longer has it: closed or past retention
                finish(job);
            }
        }
        pump(service, lane);
    }

    private void dispatch(Job job, Lane lane) {
        bodies.release(job);
        int attempt = job.attempts + 1;
        job.attempts = attempt;
        job.inFlightAttempt = attempt;
        job.dispatchedAt = System.nanoTime();
        job.resetProgress();
        lane.inFlight++;
        store.markDispatched(job.id, attempt).whenComplete((ok, error) -> {
            if (error != null) {
                LOG.error("could not persist attempt {} of {}: {}", attempt, job.id.hex(), error.toString());
            }
        });
        Duration timeout = settings.attemptTimeout(job.service);
        timers.schedule(job.id, () -> timedOut(job.id, attempt, timeout), timeout);
        // 7/MDP requests carry at least one body frame: an empty TSP request travels as one empty frame.
        broker.submit(job.service, job.address(attempt), job.body.isEmpty() ? EMPTY_BODY : job.body, this);
    }

    private void replied(Address address, List<byte[]> body) {
        Job job = jobs.get(address.id());
        if (job == null) {
            duplicates.incrementAndGet();
            return;
        }
        WorkerFailure failure = WorkerFailure.of(body);
        if (failure != null) {
            if (job.inFlightAttempt == address.attempt()) {
                attemptEnded(address, failure.reason(), failure.retryable());
            }
            return;
        }
        long size = Mdp.bodySize(body);
        if (size > maxReplySize) {
            if (job.inFlightAttempt == address.attempt()) {
                attemptEnded(address, "reply too large: " + size + " bytes, limit " + maxReplySize
                        + " bytes (titanic.limits.max-reply-size)", false);
            }
            return;
        }
        finish(job);
        completed.incrementAndGet();
        outcomes.write(job.id, "reply", () -> store.putReply(job.id, body));
    }

    private void expired(Address address) {
        Job job = jobs.get(address.id());
        if (job == null || job.inFlightAttempt != address.attempt()) {
            return;
        }
        leaveBroker(job);
        job.attempts--;
        Lane lane = lane(job.service);
        // The broker expires a request only while its service has no live worker at all.
        long now = System.nanoTime();
        if (job.noWorkerSince == 0) {
            job.noWorkerSince = now;
        } else if (now - job.noWorkerSince > settings.noWorkerTimeout().toNanos()) {
            fail(job, "no worker for service '" + job.service + "' within " + settings.noWorkerTimeout());
            pump(job.service, lane);
            return;
        }
        bodies.hold(job);
        lane.waiting.addFirst(job);
        pump(job.service, lane);
    }

    private void timedOut(RequestId id, int attempt, Duration timeout) {
        Job job = jobs.get(id);
        if (job != null && job.inFlightAttempt == attempt) {
            attemptEnded(new Address(id, attempt), "attempt " + attempt + " timed out after " + timeout, true);
        }
    }

    /** The attempt failed or was lost: retry after backoff, or end the request. */
    private void attemptEnded(Address address, String reason, boolean retryable) {
        Job job = jobs.get(address.id());
        if (job == null || job.inFlightAttempt != address.attempt()) {
            return;
        }
        leaveBroker(job);
        Lane lane = lane(job.service);
        if (!retryable) {
            fail(job, reason);
        } else if (job.attempts >= settings.maxAttempts()) {
            fail(job, "gave up after " + job.attempts + " attempts; last: " + reason);
        } else {
            retried.incrementAndGet();
            Duration wait = settings.backoff(job.attempts + 1);
            LOG.info("request {} for '{}' attempt {} failed ({}); retrying in {}", job.id.hex(), job.service,
                    job.attempts, reason, wait);
            job.body = null; // read back when the retry's turn comes: a failing service's backlog stays on disk
            timers.schedule(job.id, () -> requeue(job), wait);
        }
        pump(job.service, lane);
    }

    private void requeue(Job job) {
        timers.fired(job.id);
        if (jobs.get(job.id) == job) {
            Lane lane = lane(job.service);
            lane.waiting.addLast(job);
            pump(job.service, lane);
        }
    }

    private void fail(Job job, String reason) {
        failed.incrementAndGet();
        LOG.warn("request {} for '{}' failed terminally: {}", job.id.hex(), job.service, reason);
        end(job, reason);
    }

    /** Takes the job off the books and stores its terminal failure. */
    private CompletableFuture<Void> end(Job job, String reason) {
        finish(job);
        return outcomes.write(job.id, "failure", () -> store.putFailure(job.id, reason));
    }

    /** Takes the job out of the dispatcher's books. */
    private void finish(Job job) {
        jobs.remove(job.id);
        bodies.release(job);
        boolean wasAtBroker = job.inFlightAttempt != 0;
        leaveBroker(job);
        if (wasAtBroker) {
            pump(job.service, lane(job.service));
        }
    }

    /** The job's attempt is no longer the broker's: its timer goes, and its lane slot if it held one. */
    private void leaveBroker(Job job) {
        timers.cancel(job.id);
        if (job.inFlightAttempt != 0) {
            lane(job.service).inFlight--;
            job.inFlightAttempt = 0;
        }
    }

    /** Runs {@code task} on the broker thread; after close, drops it (the store keeps the request). */
    private void post(Runnable task) {
        if (closed) {
            return;
        }
        try {
            // The broker may outlive the dispatcher (a server stops Titanic first): tasks still
            // queued then are dropped, not run against a closed store.
            broker.post(() -> {
                if (!closed) {
                    task.run();
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            LOG.debug("dispatcher stopped; event dropped, the request stays in the store: {}", stopped.toString());
        }
    }

    /** Stops: queued tasks and timers are dropped; the store keeps every request for the next start. */
    @Override
    public void close() {
        closed = true;
        timers.close();
        bodies.close();
    }
}
