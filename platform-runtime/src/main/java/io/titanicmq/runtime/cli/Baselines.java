package io.titanicmq.runtime.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * The figures TitanicMQ's are compared with, measured in the same run on the same machine:
 * a bare JeroMQ ROUTER echoing to a DEALER over loopback TCP, one fsync per 200-byte record, and
 * the latency of a bare group commit at a given rate (the floor of any fsync-before-ack server).
 */
final class Baselines {

    private Baselines() {
    }

    /** Messages per second a bare ROUTER echoes with {@code inFlight} outstanding on one connection. */
    static double rawEcho(int inFlight, Duration length) throws Exception {
        try (ZContext context = new ZContext()) {
            CompletableFuture<String> bound = new CompletableFuture<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread echo = new Thread(() -> echo(context, bound, stop), "baseline-echo");
            echo.setDaemon(true);
            echo.start();
            try {
                String endpoint = bound.get(10, TimeUnit.SECONDS);
                try (PipelinedLoad load = new PipelinedLoad(context, endpoint, inFlight)) {
                    load.closedLoop("echo", List.of(new byte[200]), Duration.ofSeconds(1));
                    return load.closedLoop("echo", List.of(new byte[200]), length);
                }
            } finally {
                // The echo thread closes its own socket before the context goes: a context closed
                // under a polling socket ends it with an error instead of ETERM.
                stop.set(true);
                echo.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    /** The echo thread: owns its ROUTER from bind until {@code stop}, looking every 100 ms. */
    private static void echo(ZContext context, CompletableFuture<String> bound, AtomicBoolean stop) {
        ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
        try (ZMQ.Poller poller = context.createPoller(1)) {
            router.setLinger(0);
            router.bind("tcp://127.0.0.1:*");
            poller.register(router, ZMQ.Poller.POLLIN);
            bound.complete(router.getLastEndpoint());
            while (!stop.get()) {
                poller.poll(100);
                ZMsg msg;
                while ((msg = ZMsg.recvMsg(router, ZMQ.DONTWAIT)) != null) {
                    msg.send(router);
                }
            }
        } catch (ZMQException e) {
            bound.completeExceptionally(e);
            throw e;
        } finally {
            context.destroySocket(router);
        }
    }

    /** Durable 200-byte appends per second with one fsync each (no group commit). */
    static double fsyncPerRecord(Path dir, Duration length) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "baseline", ".dat");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer record = ByteBuffer.allocate(200);
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long n = 0;
            while (System.nanoTime() < end) {
                record.clear();
                channel.write(record);
                channel.force(false);
                n++;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * The latency floor of durable acknowledgement on this machine: 200-byte records handed, open
     * loop at {@code rate} a second, to a writer thread that appends everything waiting and
     * fsyncs once (group commit, as Titanic's journal) and marks those records done. No network,
     * no broker, no index: what is left is the disk, the scheduler and the machine. Each latency
     * counts from when the record was due, so a late producer counts too.
     *
     * @param skip records sent first and not measured (the ramp)
     * @return the latencies in nanoseconds of the {@code count} records after the first {@code skip}
     */
    static long[] groupCommitLatencies(Path dir, double rate, int skip, int count) throws Exception {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "baseline-group-commit", ".dat");
        int total = skip + count;
        long[] due = new long[total];
        long[] done = new long[total];
        AtomicInteger submitted = new AtomicInteger();
        CompletableFuture<Void> written = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                groupCommit(channel, submitted, due, done);
                written.complete(null);
            } catch (IOException | RuntimeException e) {
                written.completeExceptionally(e);
            }
        }, "baseline-group-commit");
        writer.setDaemon(true);
        writer.start();
        try {
            long interval = (long) (1e9 / rate);
            long start = System.nanoTime();
            for (int i = 0; i < total && !written.isDone(); i++) {
                long at = start + i * interval;
                for (long wait = at - System.nanoTime(); wait > 0; wait = at - System.nanoTime()) {
                    LockSupport.parkNanos(Math.min(wait, 50_000)); // pacing the open loop
                }
                due[i] = at;
                submitted.set(i + 1);
                LockSupport.unpark(writer);
            }
            written.get(30, TimeUnit.SECONDS);
        } finally {
            Files.deleteIfExists(file);
        }
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            latencies[i] = done[skip + i] - due[skip + i];
        }
        return latencies;
    }

    /** The writer of {@link #groupCommitLatencies}: appends what was submitted, fsyncs, marks it done. */
    private static void groupCommit(FileChannel channel, AtomicInteger submitted, long[] due, long[] done)
            throws IOException {
        ByteBuffer batch = ByteBuffer.allocateDirect(200 * 4096);
        int written = 0;
        while (written < due.length) {
            int upTo = Math.min(submitted.get(), written + 4096);
            if (upTo == written) {
                LockSupport.parkNanos(1_000_000); // woken by the producer's unpark; 1 ms bounds a missed one
                continue;
            }
            batch.clear().limit(200 * (upTo - written));
            while (batch.hasRemaining()) {
                channel.write(batch);
            }
            channel.force(false);
            long now = System.nanoTime();
            for (int i = written; i < upTo; i++) {
                done[i] = now;
            }
            written = upTo;
        }
    }
}
