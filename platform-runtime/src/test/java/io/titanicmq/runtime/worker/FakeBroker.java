package io.titanicmq.runtime.worker;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZFrame;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import static org.awaitility.Awaitility.await;

/**
 * A minimal broker for tests: a ROUTER on {@code tcp://127.0.0.1:*} speaking the broker side of the
 * 7/MDP worker protocol, on its own thread "fake-broker". It records every worker message, answers
 * worker heartbeats (unless told to stay silent), tells unknown workers to DISCONNECT as the spec
 * asks, and sends what the test asks for.
 */
public final class FakeBroker implements AutoCloseable {

    /** One message a worker sent: its routing id in hex, the command and the frames after it. */
    public record Received(String worker, MdpCommand command, List<byte[]> rest) {
        /** Frame {@code i} of {@link #rest()} as UTF-8. */
        public String text(int i) {
            return new String(rest.get(i), StandardCharsets.UTF_8);
        }
    }

    private final Queue<List<byte[]>> outgoing = new ConcurrentLinkedQueue<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, String> workers = new ConcurrentHashMap<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Wakeup wakeup = new Wakeup();
    private final AtomicReference<String> endpoint = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean silent;

    /** Binds and starts the broker thread. */
    public FakeBroker(ZContext ctx) {
        thread = new Thread(() -> run(ctx), "fake-broker");
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> endpoint.get() != null);
    }

    /** The endpoint workers connect to. */
    public String endpoint() {
        return endpoint.get();
    }

    /** Stops (true) or resumes answering heartbeats, to look dead to the workers. */
    public void silent(boolean silent) {
        this.silent = silent;
    }

    /** Everything received so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Messages received from one worker with one command. */
    public List<Received> received(String worker, MdpCommand command) {
        return received.stream().filter(r -> r.worker.equals(worker) && r.command == command).toList();
    }

    /** Routing ids of the workers that sent READY for {@code service}, in order. */
    public List<String> readies(String service) {
        return received.stream()
                .filter(r -> r.command == MdpCommand.READY && r.text(0).equals(service))
                .map(Received::worker).toList();
    }

    /** Waits for a READY for {@code service} and returns the latest sender. */
    public String awaitReady(String service) {
        await().atMost(Duration.ofSeconds(15)).until(() -> !readies(service).isEmpty());
        List<String> all = readies(service);
        return all.get(all.size() - 1);
    }

    /** Waits for a READY for {@code service} from a worker other than those in {@code seen}; returns the latest. */
    public String awaitNewReady(String service, List<String> seen) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> readies(service).stream().anyMatch(w -> !seen.contains(w)));
        List<String> fresh = readies(service).stream().filter(w -> !seen.contains(w)).toList();
        return fresh.get(fresh.size() - 1);
    }

    /** Sends a REQUEST {@code [address][""][body...]} to a worker. */
    public void request(String worker, String address, byte[]... body) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(address.getBytes(StandardCharsets.US_ASCII));
        frames.add(new byte[0]);
        frames.addAll(List.of(body));
        send(worker, MdpCommand.REQUEST, frames);
    }

    /** Sends DISCONNECT to a worker and forgets it. */
    public void disconnect(String worker) {
        workers.remove(worker);
        send(worker, MdpCommand.DISCONNECT, List.of());
    }

    /** The REPLY to {@code address}, if one came. */
    public Optional<Received> reply(String address) {
        return received.stream()
                .filter(r -> r.command == MdpCommand.REPLY && r.text(0).equals(address)).findFirst();
    }

    /** Sends a request and waits for its reply body (without the address frames). */
    public List<String> call(String worker, String address, String... body) {
        byte[][] frames = new byte[body.length][];
        for (int i = 0; i < body.length; i++) {
            frames[i] = body[i].getBytes(StandardCharsets.UTF_8);
        }
        request(worker, address, frames);
        await().atMost(Duration.ofSeconds(15)).until(() -> reply(address).isPresent());
        Received r = reply(address).orElseThrow();
        List<String> out = new ArrayList<>();
        for (int i = 2; i < r.rest.size(); i++) {
            out.add(r.text(i));
        }
        return out;
    }

    private void send(String worker, MdpCommand command, List<byte[]> rest) {
        List<byte[]> frames = new ArrayList<>();
        frames.add(HexFormat.of().parseHex(worker));
        frames.add(new byte[0]);
        frames.add(Mdp.workerHeader());
        frames.add(command.frame());
        frames.addAll(rest);
        outgoing.add(frames);
        wakeup.signal();
    }

    private void run(ZContext ctx) {
        try (ZContext shadow = ctx.shadow(); ZMQ.Poller poller = shadow.createPoller(2)) {
            ZMQ.Socket router = shadow.createSocket(SocketType.ROUTER);
            router.bind("tcp://127.0.0.1:*");
            endpoint.set(router.getLastEndpoint());
            int wake = poller.register(wakeup.source(), ZMQ.Poller.POLLIN);
            int sock = poller.register(router, ZMQ.Poller.POLLIN);
            while (!stop.get()) {
                poller.poll(1000);
                if (poller.pollin(wake)) {
                    wakeup.drain();
                }
                List<byte[]> out;
                while ((out = outgoing.poll()) != null) {
                    for (int i = 0; i < out.size(); i++) {
                        router.send(out.get(i), i < out.size() - 1 ? ZMQ.SNDMORE : 0);
                    }
                }
                if (poller.pollin(sock)) {
                    ZMsg msg;
                    while ((msg = ZMsg.recvMsg(router, ZMQ.DONTWAIT)) != null) {
                        onMessage(msg);
                    }
                }
            }
        }
    }

    private void onMessage(ZMsg msg) {
        List<byte[]> frames = new ArrayList<>();
        for (ZFrame f : msg) {
            frames.add(f.getData());
        }
        if (frames.size() < 4 || frames.get(1).length != 0 || !Mdp.isWorkerHeader(frames.get(2))) {
            throw new AssertionError("malformed worker message with " + frames.size() + " frames");
        }
        String worker = HexFormat.of().formatHex(frames.get(0));
        MdpCommand command = MdpCommand.of(frames.get(3))
                .orElseThrow(() -> new AssertionError("unknown command from worker " + worker));
        received.add(new Received(worker, command, List.copyOf(frames.subList(4, frames.size()))));
        switch (command) {
            case READY -> workers.put(worker, new String(frames.get(4), StandardCharsets.UTF_8));
            case DISCONNECT -> workers.remove(worker);
            default -> {
                if (!workers.containsKey(worker)) {
                    send(worker, MdpCommand.DISCONNECT, List.of());
                } else if (command == MdpCommand.HEARTBEAT && !silent) {
                    send(worker, MdpCommand.HEARTBEAT, List.of());
                }
            }
        }
    }

    @Override
    public void close() {
        stop.set(true);
        wakeup.signal();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the fake broker", e);
        }
        wakeup.close();
    }
}
