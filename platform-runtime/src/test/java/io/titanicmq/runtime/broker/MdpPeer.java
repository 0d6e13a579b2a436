package io.titanicmq.runtime.broker;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A raw DEALER socket speaking 7/MDP by hand, as a client or a worker, for the broker tests. Used
 * on the test thread only. A worker peer answers nothing by itself, but sends HEARTBEAT while it
 * waits when {@link #heartbeating} is on.
 */
final class MdpPeer implements AutoCloseable {

    static final byte[] EMPTY = new byte[0];
    private static final int SLICE_MS = 20;

    private final ZMQ.Socket socket;
    private Duration heartbeat;
    private long nextHeartbeat;

    private MdpPeer(ZMQ.Socket socket) {
        this.socket = socket;
    }

    /**
     * Connects a DEALER and waits until the broker answers through it (a fresh connection may lose
     * its first message), by asking {@code mmi.probe} until the 501 comes back.
     */
    static MdpPeer connect(ZContext context, String endpoint) {
        return connect(context, endpoint, null);
    }

    /** {@link #connect(ZContext, String)} with CURVE keys (null: plaintext). */
    static MdpPeer connect(ZContext context, String endpoint, CurveCredentials keys) {
        MdpPeer peer = open(context, endpoint, keys);
        for (int attempt = 0; attempt < 50; attempt++) {
            peer.sendClient("mmi.probe", "ping");
            if (peer.clientReply("mmi.probe", Duration.ofMillis(200)) != null) {
                return peer;
            }
        }
        fail("The broker at " + endpoint + " never answered mmi.probe");
        return peer;
    }

    /** Connects a DEALER (with CURVE keys unless null) without waiting for the broker to answer. */
    static MdpPeer open(ZContext context, String endpoint, CurveCredentials keys) {
        ZMQ.Socket socket = context.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        if (keys != null) {
            keys.applyTo(socket);
        }
        socket.connect(endpoint);
        return new MdpPeer(socket);
    }

    /** Sends HEARTBEAT every {@code interval} while waiting in any receive. */
    MdpPeer heartbeating(Duration interval) {
        heartbeat = interval;
        nextHeartbeat = System.nanoTime();
        return this;
    }

    /** Stops heartbeating: the peer falls silent. */
    void silent() {
        heartbeat = null;
    }

    void send(byte[]... frames) {
        for (int i = 0; i < frames.length; i++) {
            socket.send(frames[i], i < frames.length - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    void sendClient(String service, String... body) {
        List<byte[]> frames = new ArrayList<>(List.of(EMPTY, Mdp.clientHeader(), bytes(service)));
        for (String part : body) {
            frames.add(bytes(part));
        }
        send(frames.toArray(new byte[0][]));
    }

    void sendWorker(MdpCommand command, byte[]... rest) {
        List<byte[]> frames = new ArrayList<>(List.of(EMPTY, Mdp.workerHeader(), command.frame()));
        frames.addAll(Arrays.asList(rest));
        send(frames.toArray(new byte[0][]));
    }

    void ready(String service) {
        sendWorker(MdpCommand.READY, bytes(service));
    }

    void reply(byte[] address, String... body) {
        List<byte[]> rest = new ArrayList<>(List.of(address, EMPTY));
        for (String part : body) {
            rest.add(bytes(part));
        }
        sendWorker(MdpCommand.REPLY, rest.toArray(new byte[0][]));
    }

    /** The next raw message, or null after {@code timeout}; heartbeats while waiting if asked to. */
    List<byte[]> receive(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            beat();
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            socket.setReceiveTimeOut((int) Math.min(left, SLICE_MS));
            byte[] first = socket.recv();
            if (first != null) {
                List<byte[]> frames = new ArrayList<>();
                frames.add(first);
                while (socket.hasReceiveMore()) {
                    frames.add(socket.recv());
                }
                return frames;
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
        }
    }

    /** The body of the next client reply for {@code service} (other replies skipped), or null. */
    List<byte[]> clientReply(String service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<byte[]> frames;
        while ((frames = receive(remaining(deadline))) != null) {
            if (frames.size() >= 3 && Mdp.isClientHeader(frames.get(1)) && text(frames.get(2)).equals(service)) {
                assertTrue(frames.get(0).length == 0, "a reply to a DEALER starts with the empty frame");
                return frames.subList(3, frames.size());
            }
        }
        return null;
    }

    /** The next worker message of the given command (others skipped), frames after the command, or null. */
    List<byte[]> workerCommand(MdpCommand command, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<byte[]> frames;
        while ((frames = receive(remaining(deadline))) != null) {
            if (frames.size() >= 3 && Mdp.isWorkerHeader(frames.get(1))
                    && MdpCommand.of(frames.get(2)).orElse(null) == command) {
                return frames.subList(3, frames.size());
            }
        }
        return null;
    }

    /** The next worker-protocol message of any command (client replies skipped), or null. */
    List<byte[]> anyWorkerMessage(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<byte[]> frames;
        while ((frames = receive(remaining(deadline))) != null) {
            if (frames.size() >= 3 && Mdp.isWorkerHeader(frames.get(1))) {
                return frames;
            }
        }
        return null;
    }

    private void beat() {
        if (heartbeat != null && System.nanoTime() - nextHeartbeat >= 0) {
            sendWorker(MdpCommand.HEARTBEAT);
            nextHeartbeat = System.nanoTime() + heartbeat.toNanos();
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        socket.close();
    }
}
