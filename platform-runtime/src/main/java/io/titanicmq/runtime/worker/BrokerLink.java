package io.titanicmq.runtime.worker;

import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.api.protocol.ProgressFraction;
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
 * One DEALER socket from a worker connection to the broker, framing the 7/MDP worker side:
 * every message is {@code [""][MDPW01][command][...]}. Owned by the connection's socket thread;
 * nothing here blocks.
 */
final class BrokerLink {

    private final ZMQ.Socket socket;

    private BrokerLink(ZMQ.Socket socket) {
        this.socket = socket;
    }

    /** Creates the socket from the thread's shadow context and connects it (with CURVE when given keys). */
    static BrokerLink connect(ZContext shadow, String endpoint, CurveCredentials curve) {
        ZMQ.Socket socket = shadow.createSocket(SocketType.DEALER);
        if (curve != null) {
            curve.applyTo(socket);
        }
        socket.connect(endpoint);
        return new BrokerLink(socket);
    }

    /** The socket, to register in the thread's poller. */
    ZMQ.Socket socket() {
        return socket;
    }

    /**
     * Sends {@code [""][MDPW01][command][rest...]} without blocking.
     *
     * @return false when the socket would block (the broker is not taking messages)
     */
    boolean send(MdpCommand command, List<byte[]> rest) {
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
        socket.setLinger(lingerMs);
        socket.close();
    }
}
