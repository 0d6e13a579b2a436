package io.titanicmq.runtime.worker;

import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.api.protocol.ProgressFraction;
import io.titanicmq.runtime.local.LocalHub;
import io.titanicmq.runtime.local.LocalLink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * The link of one worker connection to its broker, framing the 7/MDP worker side: every
 * message is {@code [""][MDPW01][command][...]}. To a broker in this process it is a
 * {@link LocalLink} (same frames, in-process queues; see {@link io.titanicmq.runtime.local}),
 * else a DEALER socket. Owned by the connection's socket thread; nothing here blocks.
 */
final class BrokerLink {

    private final ZMQ.Socket socket;
    private final ZMQ.PollItem item;
    private final LocalLink local;

    private BrokerLink(ZMQ.Socket socket, LocalLink local) {
        this.socket = socket;
        this.item = socket == null ? null : new ZMQ.PollItem(socket, ZMQ.Poller.POLLIN);
        this.local = local;
    }

    /**
     * Connects to the broker at {@code endpoint}: through its local hub when that broker runs in
     * this process, else with a DEALER socket from the thread's shadow context (with CURVE when
     * given keys).
     *
     * @param wakeOwner wakes the owning socket thread when a message from a local broker waits
     */
    static BrokerLink connect(ZContext shadow, String endpoint, CurveCredentials curve, Runnable wakeOwner) {
        Optional<LocalHub> hub = LocalHub.find(endpoint);
        if (hub.isPresent()) {
            return new BrokerLink(null, hub.get().connect(wakeOwner));
        }
        ZMQ.Socket socket = shadow.createSocket(SocketType.DEALER);
        if (curve != null) {
            curve.applyTo(socket);
        }
        socket.connect(endpoint);
        return new BrokerLink(socket, null);
    }

    /** Registers the socket, if any, in the thread's poller; a local link wakes the thread itself. */
    void register(ZMQ.Poller poller) {
        if (item != null) {
            poller.register(item);
        }
    }

    /** Undoes {@link #register}. */
    void unregister(ZMQ.Poller poller) {
        if (socket != null) {
            poller.unregister(socket);
        }
    }

    /** Whether a message may be waiting, after the thread's poll. */
    boolean readable() {
        return local != null ? local.hasInput() : item.isReadable();
    }

    /**
     * Sends {@code [""][MDPW01][command][rest...]} without blocking.
     *
     * @return false when the socket would block (the broker is not taking messages)
     */
    boolean send(MdpCommand command, List<byte[]> rest) {
        if (local != null) {
            List<byte[]> frames = new ArrayList<>(rest.size() + 3);
            frames.add(new byte[0]);
            frames.add(Mdp.workerHeader());
            frames.add(command.frame());
            frames.addAll(rest);
            return local.send(frames);
        }
        int flags = ZMQ.DONTWAIT;
        boolean sent = socket.send(new byte[0], flags | ZMQ.SNDMORE)
                && socket.send(Mdp.workerHeader(), flags | ZMQ.SNDMORE)
                && socket.send(command.frame(), flags | (rest.isEmpty() ? 0 : ZMQ.SNDMORE));
        for (int i = 0; sent && i < rest.size(); i++) {
            sent = socket.send(rest.get(i), flags | (i == rest.size() - 1 ? 0 : ZMQ.SNDMORE));
        }
        return sent;
    }

    /** Sends a REPLY {@code [address][""][body...]}. */
    boolean reply(byte[] address, List<byte[]> body) {
        List<byte[]> frames = new ArrayList<>(body.size() + 2);
        frames.add(address);
        frames.add(new byte[0]);
        frames.addAll(body);
        return send(MdpCommand.REPLY, frames);
    }

    /**
     * Sends a PROGRESS (TitanicMQ extension) {@code [address][""][fraction][message]}.
     *
     * @return false when the socket would block
     */
    boolean progress(byte[] address, double fraction, String message) {
        return send(MdpCommand.PROGRESS, List.of(address, new byte[0], ProgressFraction.encode(fraction),
                message.getBytes(StandardCharsets.UTF_8)));
    }

    /** The next message's frames, or null when none is waiting. */
    List<byte[]> receive() {
        if (local != null) {
            return local.receive();
        }
        ZMsg msg = ZMsg.recvMsg(socket, ZMQ.DONTWAIT);
        if (msg == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(msg.size());
        for (ZFrame f : msg) {
            frames.add(f.getData());
        }
        msg.destroy();
        return frames;
    }

    /**
     * The command of a message from the broker.
     *
     * @return empty when the message is not {@code [""][MDPW01][known command]...}
     */
    static Optional<MdpCommand> command(List<byte[]> frames) {
        if (frames.size() < 3 || frames.get(0).length != 0 || !Mdp.isWorkerHeader(frames.get(1))) {
            return Optional.empty();
        }
        return MdpCommand.of(frames.get(2));
    }

    /** Closes the socket; {@code lingerMs} is how long queued messages may still take to leave. */
    void close(int lingerMs) {
        if (local != null) {
            // What was sent is in the broker's inbox already; nothing lingers.
            local.close();
            return;
        }
        socket.setLinger(lingerMs);
        socket.close();
    }
}
