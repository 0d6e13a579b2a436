package io.titanicmq.api.client;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.zeromq.ZContext;

/**
 * A 7/MDP (Majordomo 0.1) client: sends {@code [MDPC01][service][body...]} to a broker and
 * returns the reply body, with timeouts and retries, many requests in flight at once.
 *
 * <p>MDP 0.1 replies carry no correlation id, so the client keeps {@link ClientOptions#slots()}
 * long-lived connections (DEALER sockets) and puts at most one request on each: the connection a
 * reply arrives on identifies its request. Further requests wait in a bounded queue; when
 * {@code slots + maxQueued} requests are unfinished, {@link #send} fails at once with a
 * {@link ClientException} "too many requests queued" rather than blocking the caller.
 *
 * <p>A request that gets no reply within {@link ClientOptions#timeout()} is resent on the same
 * connection, up to {@link ClientOptions#retries()} times; a late reply to an earlier attempt
 * is dropped, never delivered twice nor taken for the reply to another request. Resending means
 * a service may see a request more than once: use it for idempotent services or with an
 * idempotency key, as {@link TitanicClient} does.
 *
 * <p>All methods are thread-safe. One thread named {@code titanic-client-io} owns the sockets;
 * futures are completed on it, so dependent stages added without an executor run there and must
 * not block (in particular they must not call {@link #call}).
 */
public final class MajordomoClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MajordomoClient.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String endpoint;
    private final ClientOptions options;
    private final Mailbox mailbox;
    private final ClientCounters counters = new ClientCounters();
    private final Thread ioThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A client with its own ZeroMQ context and {@link ClientOptions#defaults() default options};
     * {@link #close()} closes the context.
     *
     * @param brokerEndpoint the broker's endpoint, e.g. {@code tcp://127.0.0.1:5555}
     * @throws IllegalArgumentException when the endpoint cannot be connected to (bad syntax)
     */
    public MajordomoClient(String brokerEndpoint) {
        this(new ZContext(), true, brokerEndpoint, ClientOptions.defaults());
    }

    /**
     * A client with its own ZeroMQ context and the given options; {@link #close()} closes the
     * context.
     *
     * @param brokerEndpoint the broker's endpoint, e.g. {@code tcp://127.0.0.1:5555}
     * @param options timeouts, retries, slots, queue bound, linger
     * @throws IllegalArgumentException when the endpoint cannot be connected to (bad syntax)
     */
    public MajordomoClient(String brokerEndpoint, ClientOptions options) {
        this(new ZContext(), true, brokerEndpoint, options);
    }

    /**
     * A client whose sockets come from a shadow of {@code context}; the caller keeps owning the
     * context and closes it after this client.
     *
     * @param context the application's ZeroMQ context
     * @param brokerEndpoint the broker's endpoint, e.g. {@code tcp://127.0.0.1:5555}
     * @param options timeouts, retries, slots, queue bound, linger
     * @throws IllegalArgumentException when the endpoint cannot be connected to (bad syntax)
     */
    public MajordomoClient(ZContext context, String brokerEndpoint, ClientOptions options) {
        this(context, false, brokerEndpoint, options);
    }

    private MajordomoClient(ZContext context, boolean ownsContext, String brokerEndpoint, ClientOptions options) {
        Objects.requireNonNull(context, "context");
        this.endpoint = Objects.requireNonNull(brokerEndpoint, "brokerEndpoint");
        this.options = Objects.requireNonNull(options, "options");
        this.mailbox = new Mailbox(options.slots() + options.maxQueued());
        CompletableFuture<Void> started = new CompletableFuture<>();
        ClientLoop loop = new ClientLoop(context, ownsContext ? context : null, brokerEndpoint, options, mailbox,
                counters, started);
        this.ioThread = new Thread(loop, "titanic-client-io");
        ioThread.setDaemon(true);
        ioThread.start();
        awaitStart(started);
    }

    private void awaitStart(CompletableFuture<Void> started) {
        try {
            started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalArgumentException("cannot connect a client to '" + endpoint + "': " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IllegalStateException("client I/O thread for '" + endpoint + "' did not start within "
                    + START_TIMEOUT.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the client for '" + endpoint + "'", e);
        }
    }

    /**
     * Sends a request; never blocks. The future completes with the reply body (the frames after
     * the service frame), or exceptionally with a {@link ClientException} when every attempt timed
     * out, the client is full ("too many requests queued") or closed. Cancelling the future of a
     * queued request keeps it from being sent.
     *
     * @param service the MDP service name, not empty
     * @param body the request frames (copied as a list; the arrays must not change afterwards)
     * @return the reply body, an unmodifiable list
     */
    public CompletableFuture<List<byte[]>> send(String service, List<byte[]> body) {
        Objects.requireNonNull(service, "service");
        if (service.isEmpty()) {
            throw new IllegalArgumentException("service must not be empty");
        }
        PendingCall call = new PendingCall(service, List.copyOf(body));
        switch (mailbox.submit(call, this::rejectClosed)) {
            case FULL:
                call.future.completeExceptionally(new ClientException(String.format(
                        "too many requests queued: service '%s' at %s refused (unfinished %d, limit %d = %d slots + %d queued)",
                        service, endpoint, mailbox.unfinished(), options.slots() + options.maxQueued(),
                        options.slots(), options.maxQueued())));
                break;
            case CLOSED:
                rejectClosed(call);
                break;
            default:
                break;
        }
        return call.future;
    }

    private void rejectClosed(PendingCall call) {
        call.future.completeExceptionally(new ClientException(
                "Request to service '" + call.service + "' at " + endpoint + " refused: the client is closed"));
    }

    /**
     * Sends a request and waits for its reply, at most
     * {@code timeout × (retries + 1)} plus one more timeout for time spent queued.
     *
     * @param service the MDP service name, not empty
     * @param body the request frames
     * @return the reply body
     * @throws ClientException when no reply came after the retries, the client is full or closed,
     *     the wait was interrupted (the interrupt flag is restored), or when called on the
     *     client's own I/O thread (it would deadlock)
     */
    public List<byte[]> call(String service, List<byte[]> body) throws ClientException {
        if (Thread.currentThread() == ioThread) {
            throw new ClientException("call() on the client's own I/O thread would deadlock; use send()");
        }
        CompletableFuture<List<byte[]>> future = send(service, body);
        long budget = options.timeout().toNanos() * (options.attempts() + 1L);
        try {
            return future.get(budget, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof ClientTimeoutException
                    ? new ClientTimeoutException(cause.getMessage(), cause)
                    : new ClientException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new ClientTimeoutException(String.format(
                    "No reply from service '%s' at %s within %d ms (timeout %d ms x %d attempts + queueing; %s)",
                    service, endpoint, TimeUnit.NANOSECONDS.toMillis(budget), options.timeout().toMillis(),
                    options.attempts(), stats()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(false);
            throw new ClientException("Interrupted waiting for service '" + service + "' at " + endpoint, e);
        }
    }

    /**
     * {@link #call(String, List)} with text frames, each encoded as UTF-8.
     *
     * @param service the MDP service name, not empty
     * @param textFrames the request frames as text
     * @return the reply body
     * @throws ClientException as {@link #call(String, List)}
     */
    public List<byte[]> call(String service, String... textFrames) throws ClientException {
        List<byte[]> body = new ArrayList<>(textFrames.length);
        for (String frame : textFrames) {
            body.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        return call(service, body);
    }

    /** The broker endpoint this client connects to. */
    public String endpoint() {
        return endpoint;
    }

    /** The options this client runs with. */
    public ClientOptions options() {
        return options;
    }

    /** A snapshot of the counters: sent, retried, timed out, dropped replies, in flight. */
    public ClientStats stats() {
        return counters.snapshot(mailbox.unfinished());
    }

    /**
     * Stops the client: unfinished requests fail with a {@link ClientException}, later
     * {@link #send} calls fail at once, the sockets are closed (and the context, if the client
     * made it). Waits a bounded time for the I/O thread; idempotent. Called on the I/O thread
     * itself (from a future's callback) it only orders the stop.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        mailbox.shutdown();
        if (Thread.currentThread() == ioThread) {
            return;
        }
        long joinMillis = STOP_TIMEOUT.plus(options.linger()).toMillis();
        try {
            ioThread.join(joinMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "interrupted while closing the client for " + endpoint
                    + "; its I/O thread stops on its own");
            return;
        }
        if (ioThread.isAlive()) {
            LOG.log(Level.WARNING, "client I/O thread for " + endpoint + " did not stop within " + joinMillis + " ms");
        }
    }
}
