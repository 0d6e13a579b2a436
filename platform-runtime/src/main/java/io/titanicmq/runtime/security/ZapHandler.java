package io.titanicmq.runtime.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The ZAP handler (27/ZAP) of a context: thread {@code titanic-zap} owns a REP socket bound to
 * {@code inproc://zeromq.zap.01}, where ZeroMQ asks whether a peer that completed the CURVE
 * handshake may connect. A request of domain {@link #DOMAIN}, mechanism {@code CURVE}, whose
 * public key is in one of the allow-lists is answered {@code 200} with the key (Z85) as User-Id,
 * which the broker then reads from each message's metadata; anything else gets {@code 400} and the
 * connection is closed before any message reaches the broker. Refused keys are logged with their
 * fingerprint (first 8 characters of Z85), once a minute per key.
 *
 * <p>Start it before the broker binds; only one ZAP handler can exist per context. Stopped through
 * a pipe in its poller, never by interrupting it.
 */
public final class ZapHandler implements AutoCloseable {

    /** The ZAP domain the broker's socket announces. */
    public static final String DOMAIN = "titanic";
    /** Where ZeroMQ sends ZAP requests (27/ZAP). */
    public static final String ENDPOINT = "inproc://zeromq.zap.01";

    private static final Logger LOG = LoggerFactory.getLogger(ZapHandler.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final String VERSION = "1.0";

    private final ZContext parent;
    private final AccessList access;
    private final RefusalLog refusals = new RefusalLog(LOG);
    private final CompletableFuture<Void> bound = new CompletableFuture<>();
    private final AtomicLong admitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Pipe stop;
    private Thread thread;

    /**
     * @param context the context of the broker socket (its shadows share the inproc namespace)
     * @param access  the allow-lists
     */
    public ZapHandler(ZContext context, AccessList access) {
        this.parent = context;
        this.access = access;
        try {
            this.stop = Pipe.open();
            stop.source().configureBlocking(false);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the ZAP handler's stop pipe", e);
        }
    }

    /**
     * Starts the thread and waits until the socket is bound.
     *
     * @throws IllegalStateException when it cannot bind (e.g. another handler in this context)
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("The ZAP handler was already started");
        }
        thread = new Thread(this::run, "titanic-zap");
        thread.start();
        try {
            bound.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The ZAP handler cannot bind " + ENDPOINT + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("The ZAP handler did not bind " + ENDPOINT + " within " + START_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting the ZAP handler", e);
        }
    }

    /** Handshakes admitted so far. */
    public long admitted() {
        return admitted.get();
    }

    /** Handshakes refused so far. */
    public long refused() {
        return refused.get();
    }

    private void run() {
        try (ZContext context = parent.shadow()) {
            ZMQ.Socket socket = context.createSocket(SocketType.REP);
            socket.setLinger(0);
            try {
                socket.bind(ENDPOINT);
            } catch (ZMQException e) {
                bound.completeExceptionally(e);
                return;
            }
            try (ZMQ.Poller poller = context.createPoller(2)) {
                poller.register(socket, ZMQ.Poller.POLLIN);
                poller.register(stop.source(), ZMQ.Poller.POLLIN);
                bound.complete(null);
                LOG.debug("ZAP handler bound to {}", ENDPOINT);
                serve(socket, poller);
            }
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            LOG.error("The ZAP handler stopped by an unexpected failure; new CURVE connections will fail", e);
        }
    }

    private void serve(ZMQ.Socket socket, ZMQ.Poller poller) {
        while (true) {
            try {
                poller.poll(-1);
            } catch (ZMQException e) {
                if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                    return;
                }
                throw e;
            }
            if (poller.pollin(1)) {
                return;
            }
            if (poller.pollin(0)) {
                List<byte[]> request = new ArrayList<>(7);
                request.add(socket.recv(0));
                while (socket.hasReceiveMore()) {
                    request.add(socket.recv(0));
                }
                List<byte[]> reply = answer(request);
                for (int i = 0; i < reply.size(); i++) {
                    socket.send(reply.get(i), i < reply.size() - 1 ? ZMQ.SNDMORE : 0);
                }
            }
        }
    }

    /**
     * The reply to one ZAP request: {@code [version][request id][status][text][user id][metadata]}.
     * Request: {@code [version][request id][domain][address][routing id][mechanism][credentials...]}.
     */
    List<byte[]> answer(List<byte[]> request) {
        byte[] requestId = request.size() > 1 ? request.get(1) : new byte[0];
        if (request.size() < 6 || !VERSION.equals(text(request.get(0)))) {
            refused.incrementAndGet();
            LOG.debug("Malformed ZAP request of {} frames refused", request.size());
            return reply(requestId, "500", "malformed ZAP request", "");
        }
        String domain = text(request.get(2));
        String mechanism = text(request.get(5));
        if (!"CURVE".equals(mechanism) || request.size() != 7 || request.get(6).length != 32) {
            refused.incrementAndGet();
            LOG.warn("Refused a {} handshake from {}: only CURVE is accepted", mechanism, text(request.get(3)));
            return reply(requestId, "400", "CURVE required", "");
        }
        String key = ZMQ.Curve.z85Encode(request.get(6));
        if (!DOMAIN.equals(domain)) {
            refused.incrementAndGet();
            refusals.refused(key, "ZAP domain '" + domain + "' is not " + DOMAIN);
            return reply(requestId, "400", "unknown domain", "");
        }
        if (!access.known(key)) {
            refused.incrementAndGet();
            refusals.refused(key, "unknown key (in no allow-list), from " + text(request.get(3)));
            return reply(requestId, "400", "unknown key", "");
        }
        admitted.incrementAndGet();
        LOG.debug("Admitted key {} from {}", Z85Keys.fingerprint(key), text(request.get(3)));
        return reply(requestId, "200", "OK", key);
    }

    private static List<byte[]> reply(byte[] requestId, String status, String text, String userId) {
        return List.of(ascii(VERSION), requestId, ascii(status), ascii(text), ascii(userId), new byte[0]);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    /** Stops the thread through its pipe, waits (bounded) and closes the pipe. */
    @Override
    public synchronized void close() {
        Thread running = thread;
        if (running != null && running.isAlive()) {
            try {
                stop.sink().write(ByteBuffer.wrap(new byte[] {1}));
                running.join(STOP_TIMEOUT.toMillis());
                if (running.isAlive()) {
                    LOG.warn("The ZAP handler did not stop within {}", STOP_TIMEOUT);
                }
            } catch (IOException e) {
                LOG.warn("Cannot signal the ZAP handler to stop", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while waiting for the ZAP handler to stop", e);
            }
        }
        try {
            stop.sink().close();
            stop.source().close();
        } catch (IOException e) {
            LOG.warn("Closing the ZAP handler's stop pipe failed", e);
        }
    }
}
