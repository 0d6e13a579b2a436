package io.titanicmq.runtime.cli;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * The benchmark's load generator: one long-lived DEALER connection keeping {@code inFlight}
 * 7/MDP requests outstanding, owned by the calling thread for its whole life.
 *
 * <p>7/MDP replies carry no correlation id, so the Java client keeps one socket per outstanding
 * request; that measures the client as much as the server. Here one connection is pipelined and
 * answers are matched by what the protocol does guarantee: the service frame of each answer,
 * the uuid a {@code titanic.request} answer carries, and the order in which Titanic answers
 * {@code titanic.reply} (one reader thread, first in first out).
 */
final class PipelinedLoad implements AutoCloseable {

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] HEADER = "MDPC01".getBytes(StandardCharsets.US_ASCII);

    /** Longest park of the open loop between looks at the socket. */
    private static final long PARK_NANOS = 50_000;

    private final ZContext context;
    private final String endpoint;
    private final int inFlight;
    private ZMQ.Socket socket;

    PipelinedLoad(ZContext context, String endpoint, int inFlight) {
        this.context = context;
        this.endpoint = endpoint;
        this.inFlight = inFlight;
        this.socket = open();
        handshake();
    }

    private ZMQ.Socket open() {
        ZMQ.Socket s = context.createSocket(SocketType.DEALER);
        s.setReceiveTimeOut(10_000);
        s.setHWM(0);
        s.connect(endpoint);
        return s;
    }

    /**
     * Waits until the connection carries messages: JeroMQ loses some messages sent right after
     * connect (DESIGN.md §9), and a pipelined loop would wait forever for their answers. After two
     * unanswered attempts the connection itself is replaced: one that never completed its
     * handshake stays silent however often it is used (as the Java client found, ClientLoop).
     */
    private void handshake() {
        for (int attempt = 0; attempt < 20; attempt++) {
            if (attempt > 0 && attempt % 2 == 0) {
                context.destroySocket(socket);
                socket = open();
            }
            try (ZMQ.Poller poller = context.createPoller(1)) {
                poller.register(socket, ZMQ.Poller.POLLIN);
                send("mmi.service", List.of("echo".getBytes(StandardCharsets.US_ASCII)));
                if (poller.poll(500) > 0) {
                    receive();
                    while (poller.poll(200) > 0) {
                        receive();
                    }
                    return;
                }
            }
        }
        throw new IllegalStateException("the broker did not answer mmi.service within 10 s (10 connections tried)");
    }

    /** Requests to {@code service} with {@code body}, {@code inFlight} at a time; answers per second. */
    double closedLoop(String service, List<byte[]> body, Duration length) {
        return closedLoop(service, body, length, Long.MAX_VALUE);
    }

    /** As {@link #closedLoop(String, List, Duration)}, ending early once {@code maxRequests} were sent. */
    double closedLoop(String service, List<byte[]> body, Duration length, long maxRequests) {
        for (int i = 0; i < inFlight; i++) {
            send(service, body);
        }
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long done = 0;
        long sent = inFlight;
        while (System.nanoTime() < end && sent < maxRequests) {
            receive();
            done++;
            send(service, body);
            sent++;
        }
        double rate = done / ((System.nanoTime() - start) / 1e9);
        for (int i = 0; i < inFlight; i++) {
            receive();
        }
        return rate;
    }

    /**
     * {@code inFlight} jobs at a time, each request → titanic.reply until 200 (the figure of
     * DESIGN.md §8: request → echo → reply stored → fetched); returns jobs per second. Each fetched
     * request is closed: with {@code awaitClose} the job ends only when the close is acknowledged
     * (a stricter figure: one more durable write per job in its path), else the close is sent as
     * the reply is fetched and its acknowledgement checked as it comes, while the next job starts
     * (at most {@code inFlight} closes wait: past that a new job waits for one). Either way every
     * close is acknowledged before this returns.
     */
    double endToEnd(byte[] service, byte[] body, Duration length, boolean awaitClose) {
        return endToEnd(service, body, length, Long.MAX_VALUE, awaitClose);
    }

    /** As {@link #endToEnd(byte[], byte[], Duration, boolean)}, stopping also after {@code maxJobs} jobs. */
    double endToEnd(byte[] service, byte[] body, Duration length, long maxJobs, boolean awaitClose) {
        ArrayDeque<byte[]> asked = new ArrayDeque<>();
        int open = (int) Math.min(inFlight, maxJobs);
        long started = open;
        for (int i = 0; i < open; i++) {
            send("titanic.request", List.of(service, body));
        }
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long done = 0;
        long closing = 0;
        int held = 0;
        double rate = 0;
        while (open > 0 || closing > 0) {
            List<byte[]> answer = receive();
            String kind = new String(answer.get(0), StandardCharsets.US_ASCII);
            String status = new String(answer.get(1), StandardCharsets.US_ASCII);
            boolean jobDone = false;
            switch (kind) {
                case "titanic.request" -> {
                    expect(status, "200", kind);
                    asked.addLast(answer.get(2));
                    send("titanic.reply", List.of(answer.get(2)));
                }
                case "titanic.reply" -> {
                    byte[] uuid = asked.pollFirst();
                    if (status.equals("300")) {
                        asked.addLast(uuid);
                        send("titanic.reply", List.of(uuid));
                    } else {
                        expect(status, "200", kind);
                        send("titanic.close", List.of(uuid));
                        closing++;
                        jobDone = !awaitClose;
                    }
                }
                case "titanic.close" -> {
                    expect(status, "200", kind);
                    closing--;
                    jobDone = awaitClose;
                    if (held > 0) {
                        held--;
                        send("titanic.request", List.of(service, body));
                    }
                }
                default -> throw new IllegalStateException("unexpected answer from " + kind);
            }
            if (jobDone) {
                done++;
                if (System.nanoTime() < end && started < maxJobs) {
                    started++;
                    if (closing > inFlight) {
                        held++;
                    } else {
                        send("titanic.request", List.of(service, body));
                    }
                } else {
                    if (rate == 0) {
                        rate = done / ((System.nanoTime() - start) / 1e9);
                    }
                    open--;
                }
            }
        }
        return rate;
    }

    /**
     * Open loop: {@code count} requests sent at {@code rate} per second whatever the answers do;
     * returns each one's latency in nanoseconds, counted from when the request was due to be sent
     * (so a stall of the sender counts against the server's latency instead of hiding it). Titanic
     * answers {@code titanic.request} in the order it received them (one journal queue), so answers
     * match send times first in first out.
     *
     * <p>Between sends the thread parks for short spans instead of spinning on the socket: on a
     * two-core machine a spinning load generator takes a whole core from the server it measures.
     */
    OpenLoopResult openLoop(String service, List<byte[]> body, double rate, int count) {
        long[] latencies = new long[count];
        long[] late = new long[count];
        long[] dueAt = new long[count];
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long deadline = Long.MAX_VALUE;
        int sent = 0;
        int answered = 0;
        while (answered < count) {
            long now = System.nanoTime();
            while (sent < count && now - (start + sent * interval) >= 0) {
                dueAt[sent] = start + sent * interval;
                send(service, body);
                late[sent] = System.nanoTime() - dueAt[sent];
                sent++;
            }
            boolean received = false;
            List<byte[]> answer;
            while (answered < sent && (answer = receiveNow()) != null) {
                expect(new String(answer.get(1), StandardCharsets.US_ASCII), "200", service);
                latencies[answered] = System.nanoTime() - dueAt[answered];
                answered++;
                received = true;
            }
            if (sent == count && deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + 10_000_000_000L;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no answer within 10 s (" + (sent - answered) + " outstanding)");
            }
            if (!received) {
                long untilNextSend = sent < count ? start + sent * interval - System.nanoTime() : PARK_NANOS;
                LockSupport.parkNanos(Math.max(1, Math.min(untilNextSend, PARK_NANOS)));
            }
        }
        return new OpenLoopResult(latencies, late);
    }

    /**
     * Per request of an open loop: its latency from when it was due, and how late the sender put
     * it on the socket (part of the latency: when this is large, the sender, not the server, was
     * held up, e.g. by a GC pause of the JVM both run in).
     */
    record OpenLoopResult(long[] latencies, long[] senderLate) {
    }

    private static void expect(String status, String wanted, String service) {
        if (!status.startsWith(wanted)) {
            throw new IllegalStateException(service + " answered " + status);
        }
    }

    private void send(String service, List<byte[]> body) {
        socket.send(EMPTY, ZMQ.SNDMORE);
        socket.send(HEADER, ZMQ.SNDMORE);
        socket.send(service.getBytes(StandardCharsets.US_ASCII), ZMQ.SNDMORE);
        for (int i = 0; i < body.size(); i++) {
            socket.send(body.get(i), i < body.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The next answer if one is waiting, without blocking; else null. */
    private List<byte[]> receiveNow() {
        ZMsg msg = ZMsg.recvMsg(socket, ZMQ.DONTWAIT);
        return msg == null ? null : bodyOf(msg);
    }

    /** The answer's [service][body...], after the empty frame and the header. */
    private List<byte[]> receive() {
        ZMsg msg = ZMsg.recvMsg(socket);
        if (msg == null) {
            throw new IllegalStateException("no answer within 10 s (" + inFlight + " in flight)");
        }
        return bodyOf(msg);
    }

    private static List<byte[]> bodyOf(ZMsg msg) {
        List<byte[]> frames = new java.util.ArrayList<>(msg.size());
        msg.forEach(f -> frames.add(f.getData()));
        return frames.subList(2, frames.size());
    }

    @Override
    public void close() {
        context.destroySocket(socket);
    }
}
