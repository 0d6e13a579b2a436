package io.titanicmq.runtime.fuzz;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Sends random and mutated multi-frame messages at a broker, as clients and as workers, from a
 * few DEALER sockets (some replaced by fresh ones as it goes). Sockets that registered a fuzz
 * service answer the REQUESTs they receive with well-formed or mutated REPLYs. Every socket sends
 * DISCONNECT before it closes, so no fuzz worker outlives the run; before that, each socket waits
 * for the broker to answer a last request, so when the run returns the broker has handled every
 * message it sent (not merely queued it).
 *
 * <p>The generated messages come from one {@link Random} seeded with {@code seed}: the same seed
 * replays the same sequence. The REPLYs to REQUESTs use a second random source, because which
 * REQUESTs arrive depends on timing. Runs on the calling thread, which owns every socket.
 */
public final class Fuzzer {

    private static final Logger LOG = LoggerFactory.getLogger(Fuzzer.class);
    private static final long SEND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int DRAIN_EVERY = 128;
    private static final int REPLACE_SOCKET_EVERY = 5000;
    /** An 8/MMI service no one implements (the broker answers 501), and a name the generator never makes. */
    private static final String BARRIER = "mmi.fuzz-barrier";
    private static final long BARRIER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** A barrier unanswered this long is sent again (see {@link Run#barrier}). */
    private static final long BARRIER_RESEND_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final FuzzSockets sockets;
    private final String endpoint;
    private final int socketCount;
    private final long maxMessageSize;

    /**
     * @param sockets opens each socket (the place to add security options)
     * @param endpoint the broker endpoint
     * @param socketCount sockets used at once, at least 1
     * @param maxMessageSize the broker's {@code titanic.broker.max-message-size}, in bytes
     */
    public Fuzzer(FuzzSockets sockets, String endpoint, int socketCount, long maxMessageSize) {
        this.sockets = Objects.requireNonNull(sockets, "sockets");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (socketCount < 1 || maxMessageSize < 1024) {
            throw new IllegalArgumentException("need at least 1 socket and a max message size of 1KiB or more");
        }
        this.socketCount = socketCount;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Sends {@code messages} messages drawn from {@code seed}.
     *
     * @param ctx the context the sockets come from (a shadow is used and closed)
     * @param messages how many messages to send
     * @param seed the seed; print it so a failure can be replayed
     * @return what was sent and received
     */
    public FuzzReport run(ZContext ctx, long messages, long seed) {
        LOG.info("fuzz: {} messages at {} with seed {}", messages, endpoint, seed);
        Random random = new Random(seed);
        FuzzMessages generator = new FuzzMessages(random, maxMessageSize);
        Run run = new Run(new FuzzMessages(new Random(~seed), maxMessageSize));
        long start = System.nanoTime();
        try (ZContext shadow = ctx.shadow(); ZMQ.Poller poller = shadow.createPoller(1)) {
            List<ZMQ.Socket> open = new ArrayList<>();
            for (int i = 0; i < socketCount; i++) {
                open.add(sockets.open(shadow, endpoint));
            }
            for (long i = 0; i < messages; i++) {
                FuzzCategory category = generator.category();
                List<byte[]> frames = generator.message(category);
                int at = random.nextInt(open.size());
                if (run.send(open.get(at), frames, poller, open)) {
                    run.sentByCategory.merge(category, 1L, Long::sum);
                } else {
                    run.skipped++;
                }
                if (i % DRAIN_EVERY == 0) {
                    run.drain(open);
                }
                if (i % REPLACE_SOCKET_EVERY == REPLACE_SOCKET_EVERY - 1) {
                    // a peer that vanishes without a word; its successor is a new connection
                    open.get(at).close();
                    open.set(at, sockets.open(shadow, endpoint));
                }
            }
            run.drain(open);
            for (ZMQ.Socket socket : open) {
                run.barrier(socket, poller, open);
            }
            for (ZMQ.Socket socket : open) {
                run.send(socket, FuzzMessages.disconnect(), poller, open);
            }
            for (ZMQ.Socket socket : open) {
                // let the DISCONNECTs leave before the sockets go
                socket.setLinger(1000);
                socket.close();
            }
        }
        long sent = run.sentByCategory.values().stream().mapToLong(Long::longValue).sum();
        FuzzReport report = new FuzzReport(seed, sent, run.sentByCategory, run.replies, run.received,
                run.disconnects, run.skipped, run.unconfirmed, Duration.ofNanos(System.nanoTime() - start));
        LOG.info("fuzz: done: {}", report);
        return report;
    }

    /** The counters of one run and the answering of REQUESTs. */
    private static final class Run {

        private final FuzzMessages answers;
        private final Map<FuzzCategory, Long> sentByCategory = new EnumMap<>(FuzzCategory.class);
        private long replies;
        private long received;
        private long disconnects;
        private long skipped;
        private long unconfirmed;
        private boolean barrierAnswered;

        Run(FuzzMessages replies) {
            this.answers = replies;
        }

        /** Sends without blocking the run forever: drains answers while the socket is full. */
        boolean send(ZMQ.Socket socket, List<byte[]> frames, ZMQ.Poller poller, List<ZMQ.Socket> open) {
            long deadline = System.nanoTime() + SEND_TIMEOUT_NANOS;
            while (!trySend(socket, frames)) {
                drain(open);
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                poller.register(socket, ZMQ.Poller.POLLOUT);
                poller.poll(10);
                poller.unregister(socket);
            }
            return true;
        }

        /**
         * Waits until the broker has handled everything this socket sent: the broker handles one
         * peer's messages in order, so the answer to a last request proves the ones before it were
         * handled. The request ({@value #BARRIER}) is one the generator never makes.
         */
        void barrier(ZMQ.Socket socket, ZMQ.Poller poller, List<ZMQ.Socket> open) {
            barrierAnswered = false;
            if (!send(socket, FuzzMessages.barrier(BARRIER), poller, open)) {
                unconfirmed++;
                return;
            }
            long deadline = System.nanoTime() + BARRIER_TIMEOUT_NANOS;
            long resendAt = System.nanoTime() + BARRIER_RESEND_NANOS;
            poller.register(socket, ZMQ.Poller.POLLIN);
            try {
                while (!barrierAnswered && System.nanoTime() - deadline < 0) {
                    poller.poll(100);
                    drain(open);
                    if (!barrierAnswered && System.nanoTime() - resendAt >= 0) {
                        // A connection the broker's ZeroMQ dropped (a frame over max-message-size)
                        // loses what was in flight, the barrier included; the DEALER reconnects.
                        LOG.debug("fuzz: {} unanswered for {} s; sent again", BARRIER,
                                TimeUnit.NANOSECONDS.toSeconds(BARRIER_RESEND_NANOS));
                        send(socket, FuzzMessages.barrier(BARRIER), poller, open);
                        resendAt = System.nanoTime() + BARRIER_RESEND_NANOS;
                    }
                }
            } finally {
                poller.unregister(socket);
            }
            if (!barrierAnswered) {
                unconfirmed++;
                LOG.warn("fuzz: the broker did not answer {} within {} s: it may not have handled all messages",
                        BARRIER, TimeUnit.NANOSECONDS.toSeconds(BARRIER_TIMEOUT_NANOS));
            }
        }

        private static boolean trySend(ZMQ.Socket socket, List<byte[]> frames) {
            int last = frames.size() - 1;
            if (!socket.send(frames.get(0), last == 0 ? ZMQ.DONTWAIT : ZMQ.DONTWAIT | ZMQ.SNDMORE)) {
                return false;
            }
            // a multipart message is queued whole once its first frame is
            for (int i = 1; i <= last; i++) {
                socket.send(frames.get(i), i == last ? 0 : ZMQ.SNDMORE);
            }
            return true;
        }

        void drain(List<ZMQ.Socket> open) {
            for (ZMQ.Socket socket : open) {
                List<byte[]> message;
                while ((message = receive(socket)) != null) {
                    received++;
                    onMessage(socket, message);
                }
            }
        }

        private void onMessage(ZMQ.Socket socket, List<byte[]> message) {
            if (message.size() >= 3 && Mdp.isClientHeader(message.get(1))
                    && BARRIER.equals(new String(message.get(2), StandardCharsets.UTF_8))) {
                barrierAnswered = true;
                return;
            }
            // from the broker to a worker: [""][MDPW01][command][...]
            if (message.size() < 3 || !Mdp.isWorkerHeader(message.get(1))) {
                return;
            }
            if (Arrays.equals(message.get(2), MdpCommand.DISCONNECT.frame())) {
                disconnects++;
            } else if (Arrays.equals(message.get(2), MdpCommand.REQUEST.frame()) && message.size() >= 5) {
                if (trySend(socket, answers.replyTo(message.get(3)))) {
                    replies++;
                }
            }
        }

        private static List<byte[]> receive(ZMQ.Socket socket) {
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
    }
}
