package io.titanicmq.api.client;

import io.titanicmq.api.protocol.Mdp;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * Reading an MDP client reply off a DEALER socket: {@code [""][MDPC01][service][body...]}, the
 * empty frame being the delimiter a ROUTER peer sends to a DEALER.
 */
final class ReplyFrames {

    private ReplyFrames() {
    }

    /** All frames of the next message, or null when none is waiting. */
    static List<byte[]> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv(ZMQ.DONTWAIT);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    /** Whether the message has the delimiter, the {@code MDPC01} header and a service frame. */
    static boolean isWellFormed(List<byte[]> frames) {
        return frames.size() >= 3 && frames.get(0).length == 0 && Mdp.isClientHeader(frames.get(1));
    }

    /** The service frame of a well-formed reply. */
    static byte[] service(List<byte[]> frames) {
        return frames.get(2);
    }

    /** The body of a well-formed reply: the frames after the service, unmodifiable. */
    static List<byte[]> body(List<byte[]> frames) {
        return List.copyOf(frames.subList(3, frames.size()));
    }
}
