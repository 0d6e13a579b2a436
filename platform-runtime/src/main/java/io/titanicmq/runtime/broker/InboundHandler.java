package io.titanicmq.runtime.broker;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.api.protocol.ProgressFraction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Validates each message from the ROUTER socket against the frame layouts of 7/MDP and passes it
 * to {@link Routing}. Frames as received: {@code [identity][""][header]...}.
 *
 * <ul>
 *   <li>Client: {@code [identity][""][MDPC01][service][body...]}, at least one body frame.</li>
 *   <li>Worker: {@code [identity][""][MDPW01][command]...}: READY carries exactly a service name,
 *       REPLY {@code [address][""][body...]}, HEARTBEAT and DISCONNECT nothing.</li>
 *   <li>Worker PROGRESS (TitanicMQ extension): {@code [address][""][fraction][message]}.</li>
 * </ul>
 *
 * <p>A service name (in a request or a READY) may be at most {@value #MAX_SERVICE_BYTES} bytes.
 *
 * <p>Anything else is dropped and counted. When the sender is a worker (it used the worker header
 * or it is registered), it is also sent DISCONNECT and forgotten: 7/MDP asks the broker to answer
 * a valid but unexpected command with DISCONNECT and to treat a peer sending invalid messages as
 * invalid. A malformed or misdirected PROGRESS is the exception: it is dropped and counted, but the
 * worker stays (progress is advisory, and the job it serves is worth more than the report).
 *
 * <p>With authentication on ({@link PeerAccess#enforced()}), a message over the network without a
 * proved key is dropped; a client request is accepted only from a key that {@link PeerAccess}
 * allows to request, and a READY only from a key allowed to serve that service (else DISCONNECT,
 * so the worker never receives a request). Peers inside the process (inproc) are trusted.
 */
final class InboundHandler {

    private static final int CLIENT_MIN_FRAMES = 5;
    private static final int WORKER_COMMAND_FRAMES = 4;
    private static final int READY_FRAMES = 5;
    private static final int REPLY_MIN_FRAMES = 7;
    private static final int PROGRESS_FRAMES = 8;
    /**
     * Longest service name taken, in bytes: Titanic's 255 characters at up to 4 UTF-8 bytes each.
     * A READY or request naming a longer one is dropped: the fuzz suite registered a worker for a
     * 24 MiB "service name", which every later look-up then hashed, stalling the broker for seconds.
     */
    static final int MAX_SERVICE_BYTES = 1020;

    /** Most envelope frames a message has (a worker REPLY's), beyond those the limits count. */
    static final int ENVELOPE_FRAMES = 5;
    /** Envelope frames of a client request ({@code [""][MDPC01][service]}) or another worker command. */
    private static final int SHORT_ENVELOPE_FRAMES = 3;
    /**
     * Most envelope bytes not counted against {@code max-message-size}: a header, a command, a
     * service name of {@value #MAX_SERVICE_BYTES} bytes or an address, with room to spare.
     */
    static final long ENVELOPE_BYTES = 2048;

    private static final HexFormat HEX = HexFormat.of();

    private final Routing routing;
    private final Outbound out;
    private final MessageCounters counters;
    private final PeerAccess access;
    private final int maxFrames;
    private final long maxMessageSize;

    InboundHandler(Routing routing, Outbound out, MessageCounters counters, PeerAccess access,
                   BrokerSettings settings) {
        this.routing = routing;
        this.out = out;
        this.counters = counters;
        this.access = access;
        this.maxFrames = settings.maxFrames();
        this.maxMessageSize = settings.maxMessageSize();
    }

    /**
     * @param frames the message: the identity frame, then the peer's up to the 7/MDP envelope plus
     *     {@code max-frames} and {@code max-message-size}, which limit the body
     * @param sender who sent it ({@link Caller#INTERNAL} for inproc), or null when authentication is
     *               on and the network peer proved no key
     * @param frameCount how many frames it had, with the identity and those dropped beyond the limits
     * @param bytes the size of the peer's frames, all of them
     */
    void handle(List<byte[]> frames, Caller sender, int frameCount, long bytes, long now) {
        if (sender == null) {
            reject(frames.get(0), false, "message over the network without an authenticated key", frames.size());
            return;
        }
        int envelope = envelopeFrames(frames);
        int bodyFrames = frameCount - 1 - envelope;
        long bodyBytes = bytes - envelopeBytes(frames, envelope);
        if (bodyFrames > maxFrames) {
            overLimit(frames, sender, "too many frames: " + bodyFrames + ", limit " + maxFrames
                    + " (titanic.broker.max-frames)");
        } else if (bodyBytes > maxMessageSize) {
            overLimit(frames, sender, "message too large: " + bodyBytes + " bytes, limit " + maxMessageSize
                    + " bytes (titanic.broker.max-message-size)");
        } else if (frames.size() < 3 || frames.get(1).length != 0) {
            reject(frames.get(0), false, "message without empty delimiter and header", frames.size());
        } else if (Mdp.isClientHeader(frames.get(2))) {
            if (sender.key() != null && !sender.privileged() && !access.mayRequest(sender.key())) {
                reject(frames.get(0), false, "client request from a key not allowed to request", frames.size());
            } else {
                client(frames, sender, now);
            }
        } else if (Mdp.isWorkerHeader(frames.get(2))) {
            worker(frames, sender, now);
        } else {
            reject(frames.get(0), false, "message with unknown protocol header", frames.size());
        }
    }

    /**
     * How many frames after the identity are the 7/MDP envelope, which the limits do not count:
     * {@code [""][MDPC01][service]} for a client request, {@code [""][MDPW01][REPLY][address][""]}
     * for a worker's reply, {@code [""][MDPW01][command]} for any other worker command. So a worker
     * can answer a request that was at the limits with a reply of the same body, although its
     * envelope is larger. Nothing for a message without a known header (it is dropped anyway).
     */
    static int envelopeFrames(List<byte[]> frames) {
        if (frames.size() < 3 || frames.get(1).length != 0) {
            return 0;
        }
        int present = frames.size() - 1;
        if (Mdp.isClientHeader(frames.get(2))) {
            return Math.min(SHORT_ENVELOPE_FRAMES, present);
        }
        if (!Mdp.isWorkerHeader(frames.get(2))) {
            return 0;
        }
        boolean reply = frames.size() > 3 && MdpCommand.of(frames.get(3)).orElse(null) == MdpCommand.REPLY;
        return Math.min(reply ? ENVELOPE_FRAMES : SHORT_ENVELOPE_FRAMES, present);
    }

    /** The bytes of the envelope frames, at most {@link #ENVELOPE_BYTES}: a huge "address" is body. */
    private static long envelopeBytes(List<byte[]> frames, int envelope) {
        long size = 0;
        for (int i = 1; i <= envelope; i++) {
            size += frames.get(i).length;
        }
        return Math.min(size, ENVELOPE_BYTES);
    }

    /**
     * A message over {@code max-frames} or {@code max-message-size}: dropped and counted. 7/MDP has
     * no error reply, so an MDP client's request simply gets none (as any malformed one); a request
     * to one of the broker's own {@code titanic.*} services, whose replies carry a status, is
     * answered {@code 500 reason}. A worker sending one is disconnected like for any invalid message.
     */
    private void overLimit(List<byte[]> frames, Caller sender, String reason) {
        int frameCount = frames.size() - 1;
        boolean delimited = frames.size() >= 3 && frames.get(1).length == 0;
        if (delimited && Mdp.isClientHeader(frames.get(2)) && frames.size() >= 4) {
            String service = new String(frames.get(3), StandardCharsets.UTF_8);
            counters.dropped("client message over a size limit", reason + ", from peer " + hex(frames.get(0)));
            if (!service.startsWith(Mdp.MMI_PREFIX) && routing.answersItself(service)) {
                new ClientRequester(frames.get(0), sender).deliver(out, service,
                        List.of(("500 " + reason).getBytes(StandardCharsets.UTF_8)));
            }
            return;
        }
        reject(frames.get(0), delimited && Mdp.isWorkerHeader(frames.get(2)),
                "message over titanic.broker.max-frames or max-message-size", frameCount);
    }

    private void client(List<byte[]> frames, Caller sender, long now) {
        if (frames.size() < CLIENT_MIN_FRAMES - 1 || frames.get(3).length == 0) {
            reject(frames.get(0), false, "client request without service", frames.size());
            return;
        }
        if (frames.get(3).length > MAX_SERVICE_BYTES) {
            reject(frames.get(0), false, "client request with a service name over " + MAX_SERVICE_BYTES + " bytes",
                    frames.size());
            return;
        }
        String service = new String(frames.get(3), StandardCharsets.UTF_8);
        if (frames.size() < CLIENT_MIN_FRAMES && !routing.answersItself(service)) {
            // 7/MDP: a client request has at least one body frame; a worker could not be given
            // one without. The broker's own services (mmi.*, titanic.*) answer an empty one.
            reject(frames.get(0), false, "client request without body", frames.size());
            return;
        }
        List<byte[]> body = frames.subList(CLIENT_MIN_FRAMES - 1, frames.size());
        routing.request(service, body, new ClientRequester(frames.get(0), sender), now);
    }

    private void worker(List<byte[]> frames, Caller sender, long now) {
        byte[] identity = frames.get(0);
        Optional<MdpCommand> command = frames.size() < WORKER_COMMAND_FRAMES
                ? Optional.empty() : MdpCommand.of(frames.get(3));
        if (command.isEmpty()) {
            reject(identity, true, "worker message without a known command", frames.size());
            return;
        }
        String key = key(identity);
        WorkerEntry known = routing.worker(key);
        if (known != null) {
            routing.heard(known, now);
        }
        switch (command.get()) {
            case READY -> ready(frames, key, known, sender, now);
            case REPLY -> reply(frames, known, now);
            case HEARTBEAT -> heartbeat(frames, known);
            case DISCONNECT -> disconnect(frames, known);
            case PROGRESS -> progress(frames, known);
            case REQUEST -> reject(identity, true, "REQUEST sent by a worker", frames.size());
        }
    }

    private void ready(List<byte[]> frames, String key, WorkerEntry known, Caller sender, long now) {
        byte[] identity = frames.get(0);
        if (frames.size() != READY_FRAMES || frames.get(4).length == 0) {
            reject(identity, true, "READY without exactly one service name", frames.size());
        } else if (frames.get(4).length > MAX_SERVICE_BYTES) {
            reject(identity, true, "READY with a service name over " + MAX_SERVICE_BYTES + " bytes", frames.size());
        } else if (known != null) {
            reject(identity, true, "second READY from a registered worker", frames.size());
        } else {
            String service = new String(frames.get(4), StandardCharsets.UTF_8);
            if (service.startsWith(Mdp.MMI_PREFIX)) {
                reject(identity, true, "READY for a service in the mmi. namespace", frames.size());
            } else if (sender.key() != null && !access.mayServe(sender.key(), service)) {
                reject(identity, true, "READY from a key not allowed to serve the service", frames.size());
            } else {
                routing.ready(identity, key, service, now);
            }
        }
    }

    private void reply(List<byte[]> frames, WorkerEntry known, long now) {
        if (frames.size() < REPLY_MIN_FRAMES || frames.get(5).length != 0) {
            reject(frames.get(0), true, "REPLY without address, delimiter and body", frames.size());
        } else if (known == null || known.serving() == null) {
            reject(frames.get(0), true, "REPLY from a worker not serving a request", frames.size());
        } else {
            routing.reply(known, frames.subList(REPLY_MIN_FRAMES - 1, frames.size()), now);
        }
    }

    private void progress(List<byte[]> frames, WorkerEntry known) {
        String problem = null;
        OptionalDouble fraction = OptionalDouble.empty();
        if (frames.size() != PROGRESS_FRAMES || frames.get(5).length != 0) {
            problem = "PROGRESS without exactly [address][\"\"][fraction][message]";
        } else if (known == null || known.serving() == null) {
            problem = "PROGRESS from a worker not serving a request";
        } else if (!Arrays.equals(known.serving().requester().address(), frames.get(4))) {
            problem = "PROGRESS for a request the worker is not serving";
        } else {
            fraction = ProgressFraction.decode(frames.get(6));
            if (fraction.isEmpty()) {
                problem = "PROGRESS with a fraction that is not a decimal from 0 to 1";
            }
        }
        if (problem != null) {
            // Dropped and counted; unlike other worker protocol errors it costs the worker nothing.
            counters.dropped(problem, frames.size() + " frames from peer " + hex(frames.get(0)));
            return;
        }
        routing.progress(known, fraction.getAsDouble(), new String(frames.get(7), StandardCharsets.UTF_8));
    }

    private void heartbeat(List<byte[]> frames, WorkerEntry known) {
        if (frames.size() != WORKER_COMMAND_FRAMES) {
            reject(frames.get(0), true, "HEARTBEAT with extra frames", frames.size());
        } else if (known == null) {
            reject(frames.get(0), true, "HEARTBEAT from an unregistered worker", frames.size());
        }
    }

    private void disconnect(List<byte[]> frames, WorkerEntry known) {
        if (frames.size() != WORKER_COMMAND_FRAMES) {
            reject(frames.get(0), true, "DISCONNECT with extra frames", frames.size());
        } else if (known != null) {
            routing.remove(known, false);
        }
    }

    /**
     * Drops and counts a message; if its sender is a worker, sends it DISCONNECT and forgets it.
     *
     * @param workerPeer whether the message itself says the sender is a worker
     */
    private void reject(byte[] identity, boolean workerPeer, String kind, int frameCount) {
        counters.dropped(kind, frameCount + " frames from peer " + hex(identity));
        WorkerEntry known = routing.worker(key(identity));
        if (known != null) {
            routing.remove(known, true);
        } else if (workerPeer) {
            out.command(identity, MdpCommand.DISCONNECT);
        }
    }

    /** A lossless map key for an identity frame. */
    static String key(byte[] identity) {
        return new String(identity, StandardCharsets.ISO_8859_1);
    }

    private static String hex(byte[] identity) {
        // called for every dropped message: no String.format
        return HEX.formatHex(identity, 0, Math.min(identity.length, 16));
    }
}
