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
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import org.zeromq.ZMsg;

/**
 * The figures TitanicMQ's are compared with, measured in the same run on the same machine:
 * a bare JeroMQ ROUTER echoing to a DEALER over loopback TCP, and one fsync per 200-byte record.
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
}
