package io.titanicmq.runtime.broker;

import io.titanicmq.runtime.local.LocalHub;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.io.Metadata;

/**
 * The body of the broker thread. It creates and binds the ROUTER socket itself (the socket never
 * leaves this thread), then waits ({@link TurnWaiter}) for the socket and the {@link Wakeup}
 * channel with a timeout that ends at the next heartbeat or expiry deadline. See {@link Broker} for the overview.
 */
final class BrokerLoop implements Runnable, Executor {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerLoop.class);
    /** Messages read per wake-up before the loop looks at tasks and deadlines again. */
    private static final int BATCH = 512;

    private final ZContext parent;
    private final BrokerSettings settings;
    private final Map<String, InternalService> internal;
    private final Wakeup wakeup;
    private final MessageCounters counters;
    private final PeerAccess access;
    private final Consumer<Runnable> turnScope;
    private final CompletableFuture<String> bound = new CompletableFuture<>();
    private final String inprocEndpoint = "inproc://titanic-broker-" + java.util.UUID.randomUUID();
    private volatile Thread thread;
    private String publicEndpoint;
    /** The in-process links of hosted workers; bound with the socket, closed when the loop ends. */
    private LocalHub local;
    private Routing routing;
    private boolean running = true;
    /** Tasks the broker thread queued for itself ({@link #defer}); broker thread only. */
    private final ArrayDeque<Runnable> deferred = new ArrayDeque<>();

    BrokerLoop(ZContext parent, BrokerSettings settings, Map<String, InternalService> internal,
               Wakeup wakeup, MessageCounters counters, PeerAccess access, Consumer<Runnable> turnScope) {
        this.access = access;
        this.turnScope = turnScope;
        this.parent = parent;
        this.settings = settings;
        this.internal = internal;
        this.wakeup = wakeup;
        this.counters = counters;
    }

    /** The in-process endpoint, also bound, for workers sharing this process's context. */
    String inprocEndpoint() {
        return inprocEndpoint;
    }

    /** Completes with the bound endpoint, or exceptionally when the bind failed. */
    CompletableFuture<String> bound() {
        return bound;
    }

    /**
     * Runs the task on the broker thread: now if called on it, else after a wake-up.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the broker was closed
     */
    @Override
    public void execute(Runnable task) {
        if (Thread.currentThread() == thread) {
            task.run();
        } else {
            wakeup.post(task);
        }
    }

    /**
     * Runs the task on the broker thread after the current step, never nested inside it. From the
     * broker thread it is queued locally and runs before the thread polls again (no wake-up);
     * from another thread it goes through the wake-up.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the broker was closed
     */
    void defer(Runnable task) {
        if (Thread.currentThread() == thread) {
            deferred.add(task);
        } else {
            wakeup.post(task);
        }
    }

    /** Whether the caller is the broker thread. */
    boolean onLoopThread() {
        return Thread.currentThread() == thread;
    }

    /** Ends the loop after the current message; broker thread only (post it through the wake-up). */
    void stop() {
        running = false;
    }

    /** The routing state, for tasks running on the broker thread, or null before it bound. */
    Routing routing() {
        return routing;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try (ZContext context = parent.shadow()) {
            ZMQ.Socket router = bind(context);
            if (router == null) {
                return;
            }
            Outbound out = new Outbound(router, local);
            routing = new Routing(settings, internal, out, counters, this);
            InboundHandler inbound = new InboundHandler(routing, out, counters, access, settings);
            try (TurnWaiter waiter = new TurnWaiter(router, wakeup.channel())) {
                String endpoint = publicEndpoint;
                counters.boundTo(endpoint);
                bound.complete(endpoint);
                LOG.info("Broker listening on {}", endpoint);
                loop(waiter, router, inbound);
            }
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            LOG.error("Broker on {} stopped by an unexpected failure", endpoint(), e);
        } finally {
            closeLocal();
        }
        LOG.info("Broker on {} stopped", endpoint());
    }

    private ZMQ.Socket bind(ZContext context) {
        try {
            ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            router.setMaxMsgSize(settings.maxMessageSize());
            // A ROUTER drops what a peer's queue cannot take; 1000 (the default) loses replies to a
            // client that pipelines many requests. The bound stays: a stuck peer cannot eat the heap.
            router.setSndHWM(100_000);
            router.setRcvHWM(100_000);
            router.setLinger(0);
            // CurveZMQ (when on) applies to the TCP endpoint; inproc peers skip the mechanism.
            access.configure(router);
            router.bind(settings.endpoint());
            publicEndpoint = router.getLastEndpoint();
            // Workers in this process find the local hub under this name (LocalHub.find); other
            // in-process peers may still connect a socket here: inproc skips the I/O thread and TCP.
            router.bind(inprocEndpoint);
            local = LocalHub.bind(inprocEndpoint, this::wakeForLocal);
            return router;
        } catch (RuntimeException e) {
            bound.completeExceptionally(e);
            return null;
        }
    }

    private void loop(TurnWaiter waiter, ZMQ.Socket router, InboundHandler inbound) {
        // One turn's work, made once: a lambda per turn was a steady stream of garbage
        Runnable turn = () -> {
            if (waiter.input()) {
                receive(router, inbound);
            }
            if (waiter.tasks()) {
                runTasks();
            }
            receiveLocal(inbound);
            runDeferred();
        };
        Runnable scopedTurn = () -> turnScope.accept(turn);
        while (running) {
            long now = System.nanoTime();
            if (routing.nextHousekeeping() - now <= 0) {
                guarded("housekeeping", () -> routing.housekeeping(System.nanoTime()));
            }
            runDeferred();
            try {
                waiter.await(routing.nextHousekeeping() - System.nanoTime());
            } catch (ZMQException e) {
                if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                    LOG.info("Broker on {}: context terminated, stopping", endpoint());
                    return;
                }
                throw e;
            }
            guarded("a turn", scopedTurn);
        }
    }

    private void closeLocal() {
        if (local != null) {
            local.close();
        }
    }

    /** A hosted worker's link queued a message: wake the loop, unless the broker is closing. */
    private void wakeForLocal() {
        try {
            wakeup.signal();
        } catch (RejectedExecutionException e) {
            LOG.debug("Broker on {} closed: a hosted worker's message is dropped", endpoint(), e);
        }
    }

    /** Handles what hosted workers sent, all of it: at most a few messages per connection wait. */
    private void receiveLocal(InboundHandler inbound) {
        List<byte[]> frames;
        Caller sender = sender(null);
        while (running && (frames = local.poll()) != null) {
            long bytes = 0;
            for (int i = 1; i < frames.size(); i++) {
                bytes += frames.get(i).length;
            }
            List<byte[]> message = frames;
            long size = bytes;
            guarded("handling a message", () -> inbound.handle(message, sender, message.size(), size,
                    System.nanoTime()));
        }
    }

    private void runDeferred() {
        Runnable task;
        while ((task = deferred.poll()) != null) {
            guarded("a deferred task", task);
        }
    }

    private void receive(ZMQ.Socket router, InboundHandler inbound) {
        for (int i = 0; i < BATCH && running; i++) {
            Received message = read(router);
            if (message == null) {
                return;
            }
            guarded("handling a message", () -> inbound.handle(message.frames(), message.sender(),
                    message.frameCount(), message.bytes(), System.nanoTime()));
        }
    }

    /**
     * Reads one message and who sent it. The identity frame is made by the ROUTER; the frames after
     * it carry the connection's metadata: none for an inproc peer, the key ZAP approved
     * ({@code User-Id}) for a CurveZMQ peer. Beyond {@code max-frames} frames or
     * {@code max-message-size} bytes (plus the 7/MDP envelope's) the frames are read and discarded
     * (the counts go on), so a peer cannot make the broker keep an endless message.
     */
    private Received read(ZMQ.Socket router) {
        byte[] first = router.recv(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(8);
        frames.add(first);
        Metadata metadata = null;
        int count = 1;
        long bytes = 0;
        while (router.hasReceiveMore()) {
            Msg part = router.recvMsg(0);
            if (count == 1) {
                metadata = part.getMetadata();
            }
            byte[] frame = part.data();
            bytes += frame.length;
            // identity + envelope + body: the limits are the body's (InboundHandler.envelopeFrames)
            if (count++ <= settings.maxFrames() + InboundHandler.ENVELOPE_FRAMES
                    && bytes <= settings.maxMessageSize() + InboundHandler.ENVELOPE_BYTES) {
                frames.add(frame);
            }
        }
        return new Received(frames, sender(metadata), count, bytes);
    }

    /** The sender's caller; null when authentication is on and no key was proved. */
    private Caller sender(Metadata metadata) {
        if (!access.enforced()) {
            return Caller.UNAUTHENTICATED;
        }
        if (metadata == null) {
            return Caller.INTERNAL;
        }
        String key = metadata.get(Metadata.USER_ID);
        return key == null || key.isEmpty() ? null : access.caller(key);
    }

    /**
     * One message from the socket: its frames up to the limits, the sender ({@code null} when it
     * came over the network without a key), how many frames it had with the identity and those
     * dropped, and the size of the peer's frames, all of them.
     */
    private record Received(List<byte[]> frames, Caller sender, int frameCount, long bytes) {
    }

    /** Runs what other threads queued; a wake-up pipe that fails to read stops the loop. */
    private void runTasks() {
        wakeup.runPending(e -> counters.failed("a task queued for the broker thread", e));
    }

    private String endpoint() {
        return bound.isDone() && !bound.isCompletedExceptionally() ? bound.join() : settings.endpoint();
    }

    private void guarded(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            counters.failed(what, e);
        }
    }
}
