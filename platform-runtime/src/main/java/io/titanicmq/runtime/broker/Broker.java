package io.titanicmq.runtime.broker;

import io.titanicmq.api.protocol.Mdp;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;

/**
 * The Majordomo broker: routes 7/MDP client requests to workers by service name and answers the
 * 8/MMI services itself.
 *
 * <h2>The loop</h2>
 * One thread, {@code titanic-broker}, owns one ROUTER socket bound to the configured endpoint;
 * clients ({@code MDPC01}) and workers ({@code MDPW01}) share it. The thread polls two things with
 * one reused poller: the socket, and the source end of a {@link java.nio.channels.Pipe} through
 * which other threads wake it after queuing a task ({@link #submit}, {@link ClientRequest#reply}
 * from another thread, {@link #stats}, {@link #close}). The poll timeout ends at the next
 * deadline: a heartbeat to send, a worker to declare dead, a queued request to expire.
 *
 * <p>Each pass reads up to a batch of messages; each is validated against the frame layouts of the
 * spec and then routed. A request goes into the FIFO queue of its service and is handed to the
 * idle worker of that service which has waited longest (least recently used); a worker serves one
 * request at a time, and the broker remembers which, so a REPLY goes back to the requester of that
 * request (an MDP client, or the {@link DispatchListener} given to {@link #submit}) whatever address
 * frame the worker echoes. Any message from a worker proves it alive; the broker sends it a
 * HEARTBEAT when it has sent it nothing for one interval; a worker silent for liveness × interval
 * is dead and forgotten. The broker never requeues a request whose worker was lost: an MDP client
 * retries, an internal requester is told ({@link DispatchListener#onWorkerLost}). Requests for a
 * service without any worker expire after the request expiry; services with no workers and no
 * queue are removed, so random names do not pile up.
 *
 * <p>Two TitanicMQ extensions serve long jobs: a worker's PROGRESS (command 0x10) about the request
 * it serves goes to that request's internal requester ({@link DispatchListener#onProgress}) and is
 * dropped for an MDP client; {@link #cancel} drops a queued request or disconnects the worker
 * serving it.
 *
 * <p>Security is asked, not decided, here: a {@link PeerAccess} configures the socket (CurveZMQ
 * server with a ZAP domain) and answers, per message, whether the key that sent it (ZAP User-Id,
 * from the message metadata) may request or may register a service. A READY it refuses gets
 * DISCONNECT; a client request it refuses is dropped. Peers on the inproc endpoint carry no key
 * and are trusted. Internal services learn the caller through {@link ClientRequest#caller()}.
 *
 * <p>Malformed input never escapes the loop: it is dropped and counted ({@link BrokerStats}), a
 * worker that sent it is disconnected, and each kind is logged once a minute at most.
 */
public final class Broker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final ZContext context;
    private final BrokerSettings settings;
    private final Map<String, InternalService> internal = new HashMap<>();
    private final Wakeup wakeup = new Wakeup();
    private final MessageCounters counters;
    private final PeerAccess access;
    private volatile BrokerLoop loop;
    private volatile Thread thread;
    private volatile String endpoint;
    private volatile boolean closed;
    private Consumer<Runnable> turnScope = Runnable::run;

    /**
     * Creates a broker; nothing is bound before {@link #start()}.
     *
     * @param context  the application's context; the broker thread works on a shadow of it
     * @param settings the {@code titanic.broker} settings
     */
    public Broker(ZContext context, BrokerSettings settings) {
        this(context, settings, PeerAccess.OPEN);
    }

    /**
     * Creates a broker whose TCP endpoint is secured by {@code access} (e.g. CurveZMQ with ZAP
     * allow-lists); nothing is bound before {@link #start()}. The ZAP handler, if any, must be
     * running in {@code context} before {@link #start()}.
     *
     * @param context  the application's context; the broker thread works on a shadow of it
     * @param settings the {@code titanic.broker} settings
     * @param access   who may do what; {@link PeerAccess#OPEN} for plaintext
     */
    public Broker(ZContext context, BrokerSettings settings, PeerAccess access) {
        this.access = Objects.requireNonNull(access, "access");
        this.context = Objects.requireNonNull(context, "context");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.counters = new MessageCounters(settings.endpoint());
    }

    /**
     * Serves {@code service} inside the broker; {@code mmi.service} reports 200 for it.
     *
     * @throws IllegalStateException    after {@link #start()}
     * @throws IllegalArgumentException for a name in the {@code mmi.} namespace or a duplicate
     */
    public synchronized void registerInternal(String service, InternalService handler) {
        Objects.requireNonNull(handler, "handler");
        if (loop != null) {
            throw new IllegalStateException("Register internal service '" + service + "' before start()");
        }
        if (service.isEmpty() || service.startsWith(Mdp.MMI_PREFIX)) {
            throw new IllegalArgumentException("Not a name for an internal service: '" + service + "'");
        }
        if (internal.putIfAbsent(service, handler) != null) {
            throw new IllegalArgumentException("Internal service '" + service + "' is already registered");
        }
    }

    /**
     * Runs each turn of the broker thread (the messages, tasks and hosted workers' messages handled
     * after one poll) inside {@code scope}, which runs the turn on the calling thread before it
     * returns. Titanic holds the journal appends of a turn and hands them over together, so they
     * share one fsync instead of the first going alone. Set before {@link #start}.
     */
    public synchronized void runTurnsIn(Consumer<Runnable> scope) {
        if (loop != null) {
            throw new IllegalStateException("Broker on " + settings.endpoint() + " already started");
        }
        turnScope = Objects.requireNonNull(scope, "scope");
    }

    /**
     * Binds the socket and starts the thread {@code titanic-broker}.
     *
     * @throws IllegalStateException when the endpoint cannot be bound (the message names it), or
     *                               when the broker was already started or closed
     */
    public synchronized void start() {
        if (loop != null || closed) {
            throw new IllegalStateException("Broker on " + settings.endpoint() + " was already started");
        }
        BrokerLoop created = new BrokerLoop(context, settings, internal, wakeup, counters, access, turnScope);
        Thread started = new Thread(created, "titanic-broker");
        loop = created;
        thread = started;
        started.start();
        try {
            endpoint = created.bound().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            join(started);
            throw new IllegalStateException("Broker cannot bind " + settings.endpoint() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Broker did not bind " + settings.endpoint() + " within "
                    + START_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding " + settings.endpoint(), e);
        }
    }

    /**
     * The in-process endpoint the broker also binds, for workers made from the same
     * {@link org.zeromq.ZContext}: it skips ZeroMQ's I/O thread and the TCP stack.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public String inprocEndpoint() {
        BrokerLoop current = loop;
        if (current == null) {
            throw new IllegalStateException("Broker on " + settings.endpoint() + " is not started");
        }
        return current.inprocEndpoint();
    }

    /** The bound endpoint, with the real port when the configured one was a wildcard. */
    public String endpoint() {
        String bound = endpoint;
        return bound != null ? bound : settings.endpoint();
    }

    /**
     * Queues a request as if from a client; thread-safe. The worker gets {@code address} as the
     * client-address frame; the outcome goes to {@code listener} on the broker thread.
     *
     * @throws IllegalArgumentException when {@code body} is empty (7/MDP requests carry a body)
     * @throws IllegalStateException    after {@link #close()}
     */
    public void submit(String service, byte[] address, List<byte[]> body, DispatchListener listener) {
        Objects.requireNonNull(service, "service");
        Requester requester = new InternalRequester(address.clone(), Objects.requireNonNull(listener));
        List<byte[]> frames = List.copyOf(body);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("A request to '" + service + "' needs at least one body frame");
        }
        if (closed) {
            throw new IllegalStateException("Broker on " + endpoint() + " is closed; cannot submit to '"
                    + service + "'");
        }
        BrokerLoop current = loop;
        Runnable task = () -> loop.routing().request(service, frames, requester, System.nanoTime());
        try {
            if (current != null) {
                current.execute(task);
            } else {
                wakeup.post(task);
            }
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("Broker on " + endpoint() + " is closed; cannot submit to '"
                    + service + "'", e);
        }
    }

    /**
     * Runs {@code task} on the broker thread after whatever that thread is doing now, never nested
     * inside it: for co-hosted components (Titanic's dispatcher) that keep their state on the
     * broker thread, so that submitting a request and hearing its reply cost no thread hand-off.
     * Thread-safe; on the broker thread it costs no wake-up. Before {@link #start()} tasks wait.
     *
     * @throws RejectedExecutionException after {@link #close()}
     */
    public void post(Runnable task) {
        Objects.requireNonNull(task, "task");
        BrokerLoop current = loop;
        if (current != null) {
            current.defer(task);
        } else {
            wakeup.post(task);
        }
    }

    /**
     * Runs {@code work} on the calling thread and wakes the broker thread once at the end for all
     * the tasks it handed over ({@link #post}, {@link #submit}, replies of internal services),
     * instead of once per task. For a thread that hands over many at once, e.g. the store
     * completing a group commit. Thread-safe; nests.
     */
    public void batchHandOffs(Runnable work) {
        try {
            wakeup.batch(work);
        } catch (RejectedExecutionException e) {
            // Only the closing wake-up throws this (a task posted inside fails on its own).
            LOG.debug("Broker on {} closed during a batch of hand-offs; its tasks are dropped", endpoint(), e);
        }
    }

    /** Whether the calling thread is the broker thread. */
    public boolean onBrokerThread() {
        BrokerLoop current = loop;
        return current != null && current.onLoopThread();
    }

    /**
     * Cancels a request queued with {@link #submit}; thread-safe, returns at once. On the broker
     * thread, after every earlier {@code submit}: a queued request with this address is dropped; a
     * worker serving it is sent DISCONNECT and forgotten (the spec's way to make any MDP worker
     * abandon its job; it reconnects with READY). The request's listener is not called. A request
     * already answered, or unknown, is left alone.
     *
     * @param service the service the request was submitted to
     * @param address the client address it was submitted with
     */
    public void cancel(String service, byte[] address) {
        Objects.requireNonNull(service, "service");
        byte[] key = address.clone();
        BrokerLoop current = loop;
        if (closed || current == null) {
            return;
        }
        try {
            current.execute(() -> {
                if (current.routing().cancel(service, key)) {
                    LOG.debug("Broker on {}: cancelled request {} of '{}'", endpoint(), printable(key), service);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Broker on {} is closed; nothing to cancel for '{}'", endpoint(), service, e);
        }
    }

    private static String printable(byte[] address) {
        StringBuilder text = new StringBuilder();
        for (byte b : address) {
            text.append(b >= 0x20 && b < 0x7f ? Character.toString(b) : String.format("\\x%02x", b));
        }
        return text.toString();
    }

    /** A snapshot of counters and queues; thread-safe (asks the broker thread while it runs). */
    public BrokerStats stats() {
        return query(routing -> routing == null ? counters.snapshot(Map.of(), Map.of())
                : counters.snapshot(routing.liveWorkers(), routing.queued()));
    }

    /** How many service entries the broker holds (for tests: empty ones must go). Thread-safe. */
    int serviceEntries() {
        return query(routing -> routing == null ? 0 : routing.serviceCount());
    }

    /**
     * Reads the routing state on the broker thread while it runs (directly when it does not run,
     * or when called on it); {@code reader} gets null before the broker bound.
     */
    private <T> T query(Function<Routing, T> reader) {
        BrokerLoop current = loop;
        Thread running = thread;
        if (current == null || running == null || !running.isAlive() || current.onLoopThread()) {
            return reader.apply(current == null ? null : current.routing());
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        wakeup.post(() -> answer.complete(reader.apply(current.routing())));
        try {
            return answer.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Broker on " + endpoint() + " did not answer within "
                    + QUERY_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while querying the broker on " + endpoint(), e);
        }
    }

    /** Stops the broker thread through its control channel, waits for it (bounded), closes the pipe. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        BrokerLoop current = loop;
        if (current != null && thread.isAlive()) {
            wakeup.post(current::stop);
            join(thread);
        }
        try {
            wakeup.close();
        } catch (IOException e) {
            LOG.warn("Broker on {}: closing the wake-up pipe failed", endpoint(), e);
        }
    }

    private void join(Thread started) {
        try {
            started.join(STOP_TIMEOUT.toMillis());
            if (started.isAlive()) {
                LOG.warn("Broker thread on {} did not stop within {}", endpoint(), STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Interrupted while waiting for the broker thread on {} to stop", endpoint(), e);
        }
    }
}
