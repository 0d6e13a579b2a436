package io.titanicmq.api.client;

import io.titanicmq.api.protocol.Mdp;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The body of the "titanic-client-io" thread: owns every slot socket and one poller, takes
 * requests from the {@link Mailbox}, sends, matches replies to slots, retries on timeout. Nothing
 * here throws on bad input from the network: such messages are dropped and counted.
 */
final class ClientLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(ClientLoop.class.getName());
    private static final byte[] EMPTY = new byte[0];

    private final ZContext context;
    private final ZContext ownedContext;
    private final String endpoint;
    private final ClientOptions options;
    private final long timeoutNanos;
    private final Mailbox mailbox;
    private final ClientCounters counters;
    private final CompletableFuture<Void> started;
    private final byte[] header = Mdp.clientHeader();
    private final List<Slot> slots = new ArrayList<>();
    private final Map<ZMQ.Socket, Slot> slotBySocket = new IdentityHashMap<>();
    private final ArrayDeque<Slot> idle = new ArrayDeque<>();
    private final ArrayDeque<PendingCall> backlog = new ArrayDeque<>();
    private ZContext shadow;
    private ZMQ.Poller poller;
    private boolean stopping;
    private boolean malformedLogged;
    private String stopReason = "the client was closed";

    /**
     * @param context the context to shadow for this thread's sockets
     * @param ownedContext the context to close when the thread ends, or null when the caller owns it
     * @param started completed once the sockets are connected, or exceptionally if they cannot be
     */
    ClientLoop(ZContext context, ZContext ownedContext, String endpoint, ClientOptions options, Mailbox mailbox,
            ClientCounters counters, CompletableFuture<Void> started) {
        this.context = context;
        this.ownedContext = ownedContext;
        this.endpoint = endpoint;
        this.options = options;
        this.timeoutNanos = options.timeout().toNanos();
        this.mailbox = mailbox;
        this.counters = counters;
        this.started = started;
    }

    @Override
    public void run() {
        try {
            shadow = context.shadow();
            poller = shadow.createPoller(options.slots() + 1);
            poller.register(mailbox.wakeUpChannel(), ZMQ.Poller.POLLIN);
            for (int i = 0; i < options.slots(); i++) {
                Slot slot = new Slot(i, openSocket());
                slotBySocket.put(slot.socket, slot);
                slots.add(slot);
                idle.add(slot);
            }
            started.complete(null);
            loop();
        } catch (ZMQException e) {
            if (!started.isDone()) {
                // The constructor rethrows it to the caller.
                LOG.log(Level.DEBUG, "client for " + endpoint + " cannot start", e);
                stopReason = "the client could not start: " + e;
            } else if (e.getErrorCode() == ZMQ.Error.ETERM.getCode()) {
                stopReason = "the ZeroMQ context was closed";
                LOG.log(Level.DEBUG, "client I/O thread for " + endpoint + " stops: context terminated");
            } else {
                stopReason = "the client's I/O thread failed: " + e;
                LOG.log(Level.ERROR, "client I/O thread for " + endpoint + " failed", e);
            }
            started.completeExceptionally(e);
        } catch (RuntimeException e) {
            stopReason = "the client's I/O thread failed: " + e;
            LOG.log(Level.ERROR, "client I/O thread for " + endpoint + " failed", e);
            started.completeExceptionally(e);
        } finally {
            shutDown();
        }
    }

    private void loop() {
        while (!stopping) {
            int ready = poller.poll(pollTimeoutMillis(System.nanoTime()));
            if (ready < 0) {
                stopReason = "the ZeroMQ context was closed";
                return;
            }
            if (ready > 0) {
                handleReadable();
            }
            expireDeadlines(System.nanoTime());
            dispatchBacklog(System.nanoTime());
        }
    }

    /** Milliseconds until the nearest slot deadline, rounded up; -1 (forever) when none. */
    private long pollTimeoutMillis(long now) {
        long nearest = Long.MAX_VALUE;
        for (Slot slot : slots) {
            if (slot.state != Slot.State.IDLE) {
                nearest = Math.min(nearest, Math.max(0, slot.deadline - now));
            }
        }
        return nearest == Long.MAX_VALUE ? -1 : TimeUnit.NANOSECONDS.toMillis(nearest + 999_999);
    }

    private void handleReadable() {
        for (int i = 0; i < poller.getSize(); i++) {
            ZMQ.PollItem item = poller.getItem(i);
            if (item == null || !item.isReadable()) {
                continue;
            }
            if (item.getSocket() == null) {
                mailbox.drain(this::accept);
            } else {
                Slot slot = slotBySocket.get(item.getSocket());
                if (slot != null) {
                    readReplies(slot);
                }
            }
        }
    }

    private void accept(LoopCommand command) {
        if (command instanceof PendingCall) {
            backlog.add((PendingCall) command);
        } else {
            stopping = true;
        }
    }

    private void readReplies(Slot slot) {
        List<byte[]> frames;
        while ((frames = ReplyFrames.receive(slot.socket)) != null) {
            onMessage(slot, frames, System.nanoTime());
        }
    }

    private void onMessage(Slot slot, List<byte[]> frames, long now) {
        if (!ReplyFrames.isWellFormed(frames)) {
            dropMalformed(slot, frames);
            return;
        }
        byte[] service = ReplyFrames.service(frames);
        if (slot.state == Slot.State.BUSY && Arrays.equals(service, slot.call.serviceFrame)) {
            PendingCall call = slot.release(now, timeoutNanos);
            counters.inFlight.decrementAndGet();
            if (slot.state == Slot.State.IDLE) {
                idle.add(slot);
            }
            call.future.complete(ReplyFrames.body(frames));
        } else {
            counters.unmatchedReplies.incrementAndGet();
            if (slot.isStray(service)) {
                slot.strayArrived();
                if (slot.state == Slot.State.IDLE) {
                    idle.add(slot);
                }
            } else {
                LOG.log(Level.DEBUG, () -> "client " + endpoint + " slot " + slot.index + " dropped a reply for service '"
                        + new String(service, StandardCharsets.UTF_8) + "' in state " + slot.state);
            }
        }
    }

    private void dropMalformed(Slot slot, List<byte[]> frames) {
        counters.malformedReplies.incrementAndGet();
        Level level = malformedLogged ? Level.DEBUG : Level.WARNING;
        malformedLogged = true;
        LOG.log(level, () -> "client " + endpoint + " slot " + slot.index + " dropped a malformed reply of "
                + frames.size() + " frames (want [\"\"][MDPC01][service][body...]); further ones are logged at DEBUG");
    }

    private void expireDeadlines(long now) {
        for (Slot slot : slots) {
            if (slot.state == Slot.State.IDLE || slot.deadline - now > 0) {
                continue;
            }
            if (slot.state == Slot.State.DRAINING) {
                recreate(slot, "answers to earlier attempts did not all arrive");
                continue;
            }
            PendingCall call = slot.call;
            if (call.future.isDone()) {
                counters.inFlight.decrementAndGet();
                recreate(slot, "its request was cancelled while in flight");
            } else if (call.attempts < options.attempts()) {
                counters.retries.incrementAndGet();
                slot.deadline = now + timeoutNanos;
                // A connection that carried nothing back may be dead in a way ZeroMQ does not report
                // (seen with CurveZMQ: a handshake that never completes); the retry gets a new one.
                // A late answer to the old attempt then goes nowhere instead of being taken for this one.
                replaceSocket(slot, "no answer to attempt " + call.attempts + "; a new connection for the retry");
                transmit(slot, call);
            } else {
                counters.timedOut.incrementAndGet();
                counters.inFlight.decrementAndGet();
                recreate(slot, "its request timed out " + call.attempts + " times");
                call.future.completeExceptionally(new ClientTimeoutException(String.format(
                        "No reply from service '%s' at %s after %d attempts of %d ms each"
                                + " (slot %d of %d, in flight %d, unfinished %d)",
                        call.service, endpoint, call.attempts, options.timeout().toMillis(), slot.index,
                        slots.size(), counters.inFlight.get(), mailbox.unfinished() - 1)));
            }
        }
    }

    private void dispatchBacklog(long now) {
        while (!backlog.isEmpty() && !idle.isEmpty()) {
            PendingCall call = backlog.poll();
            if (call.future.isDone()) {
                continue;
            }
            Slot slot = idle.poll();
            slot.hold(call, now + timeoutNanos);
            counters.inFlight.incrementAndGet();
            transmit(slot, call);
        }
    }

    /** Sends one attempt of the slot's request: {@code [""][MDPC01][service][body...]}. */
    private void transmit(Slot slot, PendingCall call) {
        call.attempts++;
        slot.sentOnSocket++;
        counters.sent.incrementAndGet();
        ZMQ.Socket socket = slot.socket;
        boolean sent = socket.send(EMPTY, ZMQ.SNDMORE | ZMQ.DONTWAIT);
        if (sent) {
            socket.send(header, ZMQ.SNDMORE);
            List<byte[]> body = call.body;
            socket.send(call.serviceFrame, body.isEmpty() ? 0 : ZMQ.SNDMORE);
            for (int i = 0; i < body.size(); i++) {
                socket.send(body.get(i), i + 1 < body.size() ? ZMQ.SNDMORE : 0);
            }
        } else {
            LOG.log(Level.DEBUG, () -> "client " + endpoint + " slot " + slot.index + " could not send attempt "
                    + call.attempts + " to '" + call.service + "' now; it times out and is retried");
        }
    }

    private ZMQ.Socket openSocket() {
        ZMQ.Socket socket = shadow.createSocket(SocketType.DEALER);
        socket.setLinger((int) Math.min(Integer.MAX_VALUE, options.linger().toMillis()));
        options.curve().ifPresent(keys -> keys.applyTo(socket));
        socket.connect(endpoint);
        poller.register(socket, ZMQ.Poller.POLLIN);
        return socket;
    }

    /** Replaces the slot's socket and makes it idle: the broker may have lost our state, or old answers may linger. */
    private void recreate(Slot slot, String why) {
        replaceSocket(slot, why);
        slot.reset();
        idle.add(slot);
    }

    /** Gives the slot a new connection; a call it holds stays with it. */
    private void replaceSocket(Slot slot, String why) {
        LOG.log(Level.DEBUG, () -> "client " + endpoint + " slot " + slot.index + " reconnects: " + why);
        poller.unregister(slot.socket);
        slotBySocket.remove(slot.socket);
        shadow.destroySocket(slot.socket);
        slot.replaceSocket(openSocket());
        slotBySocket.put(slot.socket, slot);
        counters.socketsRecreated.incrementAndGet();
    }

    private void shutDown() {
        mailbox.close(call -> call.future.completeExceptionally(closedFailure(call)));
        for (Slot slot : slots) {
            if (slot.state == Slot.State.BUSY) {
                counters.inFlight.decrementAndGet();
                slot.call.future.completeExceptionally(closedFailure(slot.call));
            }
        }
        for (PendingCall call : backlog) {
            call.future.completeExceptionally(closedFailure(call));
        }
        backlog.clear();
        try {
            if (poller != null) {
                poller.close();
            }
            if (shadow != null) {
                shadow.close();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "closing the sockets of the client for " + endpoint + " failed", e);
        }
        if (ownedContext != null) {
            ownedContext.close();
        }
    }

    private ClientException closedFailure(PendingCall call) {
        return new ClientException(String.format("Request to service '%s' at %s abandoned after %d attempts: %s",
                call.service, endpoint, call.attempts, stopReason));
    }
}
