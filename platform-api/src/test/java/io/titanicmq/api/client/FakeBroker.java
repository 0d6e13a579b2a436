package io.titanicmq.api.client;

import static org.junit.jupiter.api.Assertions.fail;

import io.titanicmq.api.protocol.Mdp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A stand-in MDP broker for client tests: a ROUTER on {@code tcp://127.0.0.1:*} that hands each
 * {@code [identity][""][MDPC01][service][body...]} to a {@link Behaviour}, which says what to
 * send back and after how long: nothing (a dropped request), one reply, garbage, several
 * messages. Service {@value #WARMUP} is always echoed at once, so tests can make sure a
 * connection is up before the part that counts.
 */
final class FakeBroker implements AutoCloseable {

    /** Always echoed, outside the behaviour. */
    static final String WARMUP = "warmup";

    /** Decides the answers to one request; runs on the broker thread. */
    interface Behaviour {
        List<Response> onRequest(Received request);
    }

    /** A request as the broker got it; {@code seq} counts non-warm-up requests from 0. */
    record Received(int seq, String service, List<byte[]> body) {
        String text(int frame) {
            return new String(body.get(frame), StandardCharsets.UTF_8);
        }
    }

    /** Frames to send back to the requester (after its identity) once {@code delayMillis} passed. */
    record Response(long delayMillis, List<byte[]> frames) {

        static Response reply(String service, long delayMillis, List<byte[]> body) {
            List<byte[]> frames = new ArrayList<>();
            frames.add(new byte[0]);
            frames.add(Mdp.clientHeader());
            frames.add(service.getBytes(StandardCharsets.UTF_8));
            frames.addAll(body);
            return new Response(delayMillis, frames);
        }

        static Response echo(Received request, long delayMillis) {
            return reply(request.service(), delayMillis, request.body());
        }

        static Response text(String service, String... body) {
            List<byte[]> frames = new ArrayList<>();
            for (String frame : body) {
                frames.add(frame.getBytes(StandardCharsets.UTF_8));
            }
            return reply(service, 0, frames);
        }

        static Response raw(String... frames) {
            List<byte[]> list = new ArrayList<>();
            for (String frame : frames) {
                list.add(frame.getBytes(StandardCharsets.UTF_8));
            }
            return new Response(0, list);
        }
    }

    private record Scheduled(long due, long order, byte[] identity, List<byte[]> frames) {
    }

    private final ZContext context;
    private final Behaviour behaviour;
    private final Pipe control;
    private final Thread thread;
    private final CompletableFuture<String> endpoint = new CompletableFuture<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger malformed = new AtomicInteger();

    FakeBroker(ZContext context, Behaviour behaviour) {
        this.context = context;
        this.behaviour = behaviour;
        try {
            this.control = Pipe.open();
            control.source().configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.thread = new Thread(this::run, "fake-broker");
        thread.start();
    }

    String endpoint() {
        return endpoint.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Requests handed to the behaviour so far (warm-ups not counted). */
    int received() {
        return received.get();
    }

    private void run() {
        try (ZContext shadow = context.shadow(); ZMQ.Poller poller = shadow.createPoller(2)) {
            ZMQ.Socket router = shadow.createSocket(SocketType.ROUTER);
            router.bind("tcp://127.0.0.1:*");
            endpoint.complete(router.getLastEndpoint());
            poller.register(router, ZMQ.Poller.POLLIN);
            poller.register(control.source(), ZMQ.Poller.POLLIN);
            PriorityQueue<Scheduled> due = new PriorityQueue<>(
                    (a, b) -> a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.order, b.order));
            long order = 0;
            while (true) {
                long timeout = due.isEmpty() ? -1
                        : Math.max(0, TimeUnit.NANOSECONDS.toMillis(due.peek().due - System.nanoTime() + 999_999));
                poller.poll(timeout);
                if (poller.pollin(1)) {
                    return;
                }
                List<byte[]> message;
                while ((message = receive(router)) != null) {
                    for (Response response : answer(message)) {
                        long at = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(response.delayMillis());
                        due.add(new Scheduled(at, order++, message.get(0), response.frames()));
                    }
                }
                while (!due.isEmpty() && due.peek().due - System.nanoTime() <= 0) {
                    Scheduled next = due.poll();
                    router.send(next.identity(), ZMQ.SNDMORE);
                    for (int i = 0; i < next.frames().size(); i++) {
                        router.send(next.frames().get(i), i + 1 < next.frames().size() ? ZMQ.SNDMORE : 0);
                    }
                }
            }
        } catch (RuntimeException e) {
            endpoint.completeExceptionally(e);
            throw e;
        }
    }

    private List<Response> answer(List<byte[]> message) {
        if (message.size() < 4 || message.get(1).length != 0 || !Mdp.isClientHeader(message.get(2))) {
            malformed.incrementAndGet();
            return List.of();
        }
        String service = new String(message.get(3), StandardCharsets.UTF_8);
        List<byte[]> body = List.copyOf(message.subList(4, message.size()));
        if (WARMUP.equals(service)) {
            return List.of(Response.reply(service, 0, body));
        }
        return behaviour.onRequest(new Received(received.getAndIncrement(), service, body));
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

    @Override
    public void close() {
        try {
            control.sink().write(ByteBuffer.wrap(new byte[] {1}));
            thread.join(5_000);
            control.sink().close();
            control.source().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted closing the fake broker", e);
        }
        if (thread.isAlive()) {
            fail("fake broker thread did not stop within 5 s");
        }
        if (malformed.get() > 0) {
            fail("the client sent " + malformed.get() + " messages that are not [\"\"][MDPC01][service]...");
        }
    }
}
