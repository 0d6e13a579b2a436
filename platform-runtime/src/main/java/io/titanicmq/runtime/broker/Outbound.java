package io.titanicmq.runtime.broker;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.runtime.local.LocalHub;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.zeromq.ZMQ;

/**
 * Writes the broker's messages on the ROUTER socket, in the frame layouts of 7/MDP; a message for
 * a worker hosted in this process goes through its {@link LocalHub} link instead, in the same
 * frames. Used on the broker thread only (it owns the socket).
 */
final class Outbound {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] CLIENT_HEADER = Mdp.clientHeader();
    private static final byte[] WORKER_HEADER = Mdp.workerHeader();

    private final ZMQ.Socket router;
    private final LocalHub local;

    Outbound(ZMQ.Socket router, LocalHub local) {
        this.router = router;
        this.local = local;
    }

    /** {@code [identity][""][MDPC01][service][body...]}: a REPLY to a client. */
    void toClient(byte[] identity, String service, List<byte[]> body) {
        router.send(identity, ZMQ.SNDMORE);
        router.send(EMPTY, ZMQ.SNDMORE);
        router.send(CLIENT_HEADER, ZMQ.SNDMORE);
        router.send(service.getBytes(StandardCharsets.UTF_8), body.isEmpty() ? 0 : ZMQ.SNDMORE);
        sendAll(body);
    }

    /** {@code [identity][""][MDPW01][REQUEST][address][""][body...]}. */
    void request(byte[] worker, byte[] address, List<byte[]> body) {
        if (LocalHub.isLocalIdentity(worker)) {
            List<byte[]> frames = new ArrayList<>(body.size() + 5);
            frames.add(EMPTY);
            frames.add(WORKER_HEADER);
            frames.add(MdpCommand.REQUEST.frame());
            frames.add(address);
            frames.add(EMPTY);
            frames.addAll(body);
            local.deliver(worker, frames);
            return;
        }
        header(worker, MdpCommand.REQUEST, true);
        router.send(address, ZMQ.SNDMORE);
        router.send(EMPTY, body.isEmpty() ? 0 : ZMQ.SNDMORE);
        sendAll(body);
    }

    /** {@code [identity][""][MDPW01][command]}: HEARTBEAT or DISCONNECT. */
    void command(byte[] worker, MdpCommand command) {
        if (LocalHub.isLocalIdentity(worker)) {
            local.deliver(worker, List.of(EMPTY, WORKER_HEADER, command.frame()));
            return;
        }
        header(worker, command, false);
    }

    private void header(byte[] worker, MdpCommand command, boolean more) {
        router.send(worker, ZMQ.SNDMORE);
        router.send(EMPTY, ZMQ.SNDMORE);
        router.send(WORKER_HEADER, ZMQ.SNDMORE);
        router.send(command.frame(), more ? ZMQ.SNDMORE : 0);
    }

    private void sendAll(List<byte[]> frames) {
        int last = frames.size() - 1;
        for (int i = 0; i <= last; i++) {
            router.send(frames.get(i), i < last ? ZMQ.SNDMORE : 0);
        }
    }
}
