package io.titanicmq.runtime.worker;

import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerContext;
import io.titanicmq.api.protocol.MdpCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One 7/MDP worker connection serving a {@link Worker}: a DEALER socket to the broker, driven by
 * the socket thread of its {@link ServiceWorkers} (which hosts all connections of one service in
 * one poller), plus a handler thread that runs {@link Worker#handle} so the socket thread keeps
 * heartbeating while a request runs. A {@linkplain Worker#nonBlocking() non-blocking} worker has no
 * handler thread: its handler runs on the socket thread, which saves two thread hand-offs.
 *
 * <p>The connection sends READY on connect, a HEARTBEAT every interval, and a REPLY per request.
 * When the broker stays silent for liveness × interval, or sends DISCONNECT, the socket is closed
 * and a new one connects (and sends READY) after the reconnect delay. The request in hand, its
 * handler thread and the way its result comes back are the {@link RequestSlot}'s.
 *
 * <p>Progress a handler reports is sent as PROGRESS (TitanicMQ extension), at most one per
 * {@value #PROGRESS_INTERVAL_MS} ms per request ({@link ProgressRelay}), unless
 * {@code titanic.workers.send-progress} is off. A DISCONNECT from the
 * broker while a request runs is how a request is cancelled: the request is marked cancelled
 * ({@link io.titanicmq.api.Request#isCancelled()}), its eventual reply is dropped, and the
 * connection reconnects only after the handler returned (it has one handler thread; a new request
 * could not run before). Losing a silent broker mid-request does the same: that broker has given
 * the request up already.
 *
 * <p>A request still in its handler after {@code handler-timeout} is answered with a retryable
 * failure, marked cancelled, and its handler thread is interrupted and given up
 * ({@link RequestSlot#giveUp}); the next request runs on a fresh handler thread, so a hung
 * handler costs a thread, not the connection. The thread owns no socket; {@link Wakeup#abandon}
 * keeps the interrupt away from the wake-up pipe.
 *
 * <p>Closing is graceful: a running request gets up to {@code stopGrace} to finish and
 * have its REPLY sent; past that it is marked cancelled and handed back to the broker by the
 * DISCONNECT that ends every connection (the broker reports the worker lost, Titanic re-dispatches).
 *
 * <p>Every method but the constructor and {@link #name()} runs on the socket thread.
 */
final class WorkerConnection {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerConnection.class);
    /** How long a DISCONNECT (or last REPLY) may wait in the socket to reach the broker after close. */
    static final int CLOSE_LINGER_MS = 1000;
    /** Least time between two PROGRESS messages of one request. */
    static final long PROGRESS_INTERVAL_MS = 250;

    private final WorkerSettings settings;
    private final Worker worker;
    private final WorkerContext workerContext;
    private final String service;
    private final String name;
    private final Wakeup wakeup;
    private final RequestSlot slot;
    private final ProgressRelay progress = new ProgressRelay(Duration.ofMillis(PROGRESS_INTERVAL_MS));
    /** {@link WorkerSettings#brokerTimeout()} computed once: it is needed on every message received. */
    private final long brokerTimeoutNanos;

    // Socket-thread state.
    private ZContext shadow;
    private ZMQ.Poller poller;
    private BrokerLink socket;
    private long brokerDeadline;
    private long nextHeartbeat;
    private long reconnectAt;
    private long graceDeadline;
    private boolean closeStarted;
    private long malformed;

    /**
     * Prepares the connection; {@link #open} connects.
     *
     * @param settings broker endpoint, heartbeat, reconnect and stop-grace settings
     * @param worker the worker served
     * @param workerContext the worker's context (its data directory holds request scratch dirs)
     * @param index this connection's number among the worker's connections, for its name
     * @param wakeup the socket thread's wake-up (a handler thread signals a result or progress)
     */
    WorkerConnection(WorkerSettings settings, Worker worker, WorkerContext workerContext, int index, Wakeup wakeup) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.workerContext = Objects.requireNonNull(workerContext, "workerContext");
        this.service = Objects.requireNonNull(worker.service(), "worker.service()");
        this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
        this.name = "worker " + service + "#" + index;
        this.brokerTimeoutNanos = settings.brokerTimeout().toNanos();
        this.slot = new RequestSlot(worker, service, name, settings, wakeup);
    }

    /** The connection's name, {@code worker <service>#<index>}, used in logs and handler thread names. */
    String name() {
        return name;
    }

    /** Connects and sends READY; {@code threadPoller} belongs to the socket thread, like the context. */
    void open(ZContext threadContext, ZMQ.Poller threadPoller) {
        shadow = threadContext;
        poller = threadPoller;
        connect();
    }

    /**
     * One turn of the socket thread after its poll: sends finished results, reads what arrived,
     * runs timers and, when {@code closing}, a step of closing.
     *
     * @return true when the connection is done closing
     */
    boolean step(long now, boolean closing) {
        sendCompletions();
        if (socket != null && socket.readable()) {
            receiveAll();
        }
        onTimers(now, closing);
        if (settings.sendProgress() && !progress.flush(slot.running(), slot.address(), socket, now)) {
            LOG.debug("{}: PROGRESS not sent: the broker connection is full", name);
        }
        return closing && closeStep(now);
    }

    /** After the last step: gives the DISCONNECT (or last REPLY) time to leave, then closes the socket. */
    void finish() {
        if (socket != null) {
            socket.close(CLOSE_LINGER_MS);
            socket = null;
        }
    }

    /** Takes no more requests and waits up to {@code waitMs} for a running handler (any thread). */
    void shutdownHandler(long waitMs) {
        slot.shutdown(waitMs);
    }

    /** When this connection next needs the socket thread, in {@link System#nanoTime()} terms. */
    long nextDeadline(long now) {
        long next;
        if (socket != null) {
            next = Math.min(nextHeartbeat, brokerDeadline);
            if (settings.sendProgress()) {
                next = progress.deadline(slot.running(), next, now);
            }
        } else if (slot.running() == null) {
            next = reconnectAt;
        } else {
            // Reconnecting waits for the abandoned request's handler; its completion wakes the loop.
            next = now + settings.heartbeatInterval().toNanos();
        }
        if (closeStarted && slot.running() != null) {
            next = Math.min(next, graceDeadline);
        }
        return slot.deadline(next);
    }

    private void connect() {
        socket = BrokerLink.connect(shadow, settings.broker(), settings.curve(), wakeup::signal);
        socket.register(poller);
        long now = System.nanoTime();
        brokerDeadline = now + brokerTimeoutNanos;
        nextHeartbeat = now + settings.heartbeatInterval().toNanos();
        send(MdpCommand.READY, List.of(service.getBytes(StandardCharsets.UTF_8)));
        LOG.debug("{}: connected to {}, READY sent", name, settings.broker());
    }

    private void dropSocket(Duration delay) {
        socket.unregister(poller);
        // Nothing queued for a dead or departed broker is worth sending.
        socket.close(0);
        socket = null;
        reconnectAt = System.nanoTime() + delay.toNanos();
    }

    private void onTimers(long now, boolean closing) {
        if (slot.timedOut(now)) {
            byte[] address = slot.giveUp();
            if (socket != null) {
                sendReply(address, slot.timeoutFailure());
            }
        }
        if (socket == null) {
            if (!closing && slot.running() == null && now - reconnectAt >= 0) {
                connect();
            }
            return;
        }
        if (now - brokerDeadline >= 0) {
            LOG.warn("{}: broker {} silent for {}; reconnecting in {}", name, settings.broker(),
                    settings.brokerTimeout(), settings.reconnectDelay());
            abandonRunning("the broker fell silent");
            dropSocket(settings.reconnectDelay());
            return;
        }
        if (now - nextHeartbeat >= 0) {
            send(MdpCommand.HEARTBEAT, List.of());
            nextHeartbeat = now + settings.heartbeatInterval().toNanos();
        }
    }

    private void receiveAll() {
        List<byte[]> frames;
        while (socket != null && (frames = socket.receive()) != null) {
            brokerDeadline = System.nanoTime() + brokerTimeoutNanos;
            onMessage(frames);
        }
    }

    private void onMessage(List<byte[]> frames) {
        Optional<MdpCommand> command = BrokerLink.command(frames);
        if (command.isEmpty()) {
            malformed("not an MDPW01 command", frames.size());
            return;
        }
        switch (command.get()) {
            case REQUEST -> onRequest(frames);
            case HEARTBEAT -> { }
            case DISCONNECT -> {
                LOG.info("{}: broker sent DISCONNECT; reconnecting in {}", name, settings.reconnectDelay());
                abandonRunning("the broker sent DISCONNECT");
                dropSocket(settings.reconnectDelay());
            }
            default -> malformed("unexpected command " + command.get(), frames.size());
        }
    }

    private void onRequest(List<byte[]> frames) {
        if (frames.size() < 5 || frames.get(4).length != 0) {
            malformed("REQUEST without [client][\"\"]", frames.size());
            return;
        }
        byte[] address = frames.get(3);
        List<byte[]> body = frames.subList(5, frames.size());
        if (closeStarted) {
            LOG.debug("{}: REQUEST while closing dropped; the broker learns from DISCONNECT", name);
            return;
        }
        if (slot.running() != null) {
            LOG.warn("{}: REQUEST while busy with another; answering with a retryable failure", name);
            sendReply(address, Completion.failure(true, name + " is busy"));
            return;
        }
        AtomicBoolean abandoned = new AtomicBoolean();
        HostedRequest request = new HostedRequest(body, RequestAddress.parse(address),
                workerContext.dataDir().resolve("scratch"), name, () -> wakeup.signalUnless(abandoned));
        slot.start(request, address, abandoned);
        sendCompletions();
    }

    private void sendCompletions() {
        Completion c;
        while ((c = slot.nextCompletion()) != null) {
            if (socket == null) {
                if (c.request().isCancelled()) {
                    LOG.info("{}: handler of cancelled request {} returned; its reply is dropped", name,
                            c.request().id().orElse("(direct)"));
                } else {
                    LOG.warn("{}: reply to request {} lost: not connected to the broker", name,
                            c.request().id().orElse("(direct)"));
                }
                continue;
            }
            sendReply(c.address(), c.body());
        }
    }

    /**
     * The broker gave the running request up: tell the handler to stop. Its reply will be dropped
     * and the connection reconnects once it returned.
     */
    private void abandonRunning(String why) {
        HostedRequest running = slot.running();
        if (running != null) {
            running.cancel();
            LOG.info("{}: request {} cancelled: {}; reconnecting once its handler returned", name,
                    running.id().orElse("(direct)"), why);
        }
    }

    /** One step of closing; true when the connection is done. */
    private boolean closeStep(long now) {
        if (!closeStarted) {
            closeStarted = true;
            graceDeadline = now + settings.stopGrace().toNanos();
        }
        HostedRequest running = slot.running();
        if (running != null && now - graceDeadline < 0 && socket != null) {
            return false;
        }
        if (running != null) {
            running.cancel();
            LOG.warn("{}: request {} still running at close ({}); cancelled and handed back to the broker", name,
                    running.id().orElse("(direct)"), socket == null ? "broker not connected"
                            : "stop-grace " + settings.stopGrace() + " over");
        }
        if (socket != null) {
            send(MdpCommand.DISCONNECT, List.of());
        }
        return true;
    }

    private void send(MdpCommand command, List<byte[]> rest) {
        if (!socket.send(command, rest)) {
            LOG.warn("{}: {} not sent: the broker connection is full", name, command);
        }
    }

    private void sendReply(byte[] address, List<byte[]> body) {
        if (!socket.reply(address, body)) {
            LOG.warn("{}: REPLY not sent: the broker connection is full", name);
        }
    }

    private void malformed(String what, int frames) {
        malformed++;
        if (malformed == 1) {
            LOG.warn("{}: dropped a malformed message from the broker ({}, {} frames); further ones logged at debug",
                    name, what, frames);
        } else {
            LOG.debug("{}: dropped malformed message #{} ({}, {} frames)", name, malformed, what, frames);
        }
    }
}
