package io.titanicmq.runtime.titanic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import io.titanicmq.runtime.store.RequestStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * A backlog's bodies beyond {@code titanic.dispatcher.queued-body-memory} stay on disk and are read
 * back, in order and intact, when a worker comes.
 */
@Timeout(60)
class QueuedBodiesTest {

    private static final int REQUESTS = 300;
    private static final int BUDGET = 4096;
    /** 7/MDP worker commands. */
    private static final byte READY = 0x01;
    private static final byte REQUEST = 0x02;
    private static final byte REPLY = 0x03;

    @TempDir
    Path dir;

    @Test
    void aBacklogBeyondTheBudgetWaitsOnDiskAndReachesTheWorkerIntactAndInOrder() throws Exception {
        try (DispatcherFixture fixture = new DispatcherFixture(dir,
                Map.of("dispatcher.queued-body-memory", BUDGET, "dispatcher.in-flight-per-service", 8));
             Dispatcher dispatcher = fixture.dispatcher()) {
            RequestStore store = fixture.store;
            List<RequestId> ids = new ArrayList<>();
            List<CompletableFuture<Void>> stored = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                RequestId id = RequestId.random();
                ids.add(id);
                stored.add(store.putRequest(id, "svc", body(i), null));
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).join();
            for (int i = 0; i < REQUESTS; i++) {
                dispatcher.enqueue(ids.get(i), "svc", body(i), 0);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.depth().get("svc")[0] == REQUESTS - 8);
            long held = dispatcher.queuedBodyBytes();
            assertTrue(held > 0 && held <= BUDGET, "queued bodies in memory: " + held + " bytes, budget " + BUDGET);
            RequestId other = RequestId.random();
            store.putRequest(other, "other", body(0), null).join();
            dispatcher.enqueue(other, "other", body(0), 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.depth().get("other")[1] == 1);
            assertEquals(0, dispatcher.counters()[5], "a request that goes straight to the broker keeps its body");

            List<Integer> served = new ArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread worker = new Thread(() -> echoWorker(fixture.context, fixture.broker.endpoint(), served, stop), "test-worker");
            worker.start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream()
                        .allMatch(id -> store.get(id).orElseThrow() instanceof RequestState.Replied));
            } finally {
                stop.set(true);
                worker.join(10_000);
            }
            for (int i = 0; i < REQUESTS; i++) {
                RequestState.Replied reply = (RequestState.Replied) store.get(ids.get(i)).orElseThrow();
                assertEquals(text(body(i)), text(reply.frames()), "reply of request " + i);
            }
            assertEquals(REQUESTS, served.size());
            List<Integer> waited = served.subList(8, served.size());
            assertEquals(waited.stream().sorted().toList(), waited, "the queue kept its order");
            long readBack = dispatcher.counters()[5];
            assertTrue(readBack >= REQUESTS - 8 - BUDGET / 100, "bodies read back from disk: " + readBack);
            assertEquals(0, dispatcher.queuedBodyBytes(), "nothing queued, nothing held");
        }
    }

    /** A body damaged on disk while its request waited: the request ends with a stored failure, not a hang or garbage. */
    @Test
    void aQueuedRequestWhoseStoredBodyIsDamagedEndsWithAStoredFailure() throws Exception {
        try (DispatcherFixture fixture = new DispatcherFixture(dir, Map.of("dispatcher.queued-body-memory", 0));
             Dispatcher dispatcher = fixture.dispatcher()) {
            RequestStore store = fixture.store;
            RequestId id = RequestId.random();
            String marker = "damaged-on-disk-" + id.hex();
            store.putRequest(id, "svc", List.of(marker.getBytes(StandardCharsets.US_ASCII)), null).join();
            Path segment;
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("journal"))) {
                segment = files.filter(f -> f.toString().endsWith(".seg")).findFirst().orElseThrow();
            }
            byte[] bytes = java.nio.file.Files.readAllBytes(segment);
            int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf(marker);
            assertTrue(at > 0, "the body is stored uncompressed in " + segment);
            bytes[at + 3] ^= 0x5a;
            java.nio.file.Files.write(segment, bytes);

            dispatcher.enqueue(id, "svc", null, 0); // as recovery does: the body is on disk only
            await().atMost(Duration.ofSeconds(10)).until(() -> store.get(id).orElseThrow() instanceof RequestState.Failed);
            String reason = ((RequestState.Failed) store.get(id).orElseThrow()).reason();
            assertTrue(reason.contains("unreadable"), reason);
        }
    }

    /** One read takes the first body, then more only while under 1 MiB: large bodies come one or two at a time. */
    @Test
    void aReadStopsOnceItHoldsAMebibyte() throws Exception {
        try (DispatcherFixture fixture = new DispatcherFixture(dir, Map.of());
             QueuedBodies bodies = new QueuedBodies(fixture.store, 0)) {
            List<Job> large = new ArrayList<>();
            List<Job> small = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                large.add(stored(fixture.store, new byte[700 * 1024]));
                small.add(stored(fixture.store, new byte[1000]));
            }
            assertEquals(2, readAll(bodies, large).size(), "700 KiB, then 1.4 MiB: stop");
            assertEquals(4, readAll(bodies, small).size());
            assertEquals(700 * 1024, readAll(bodies, large.subList(3, 4)).get(0).body().get(0).length);
        }
    }

    private static Job stored(RequestStore store, byte[] frame) {
        RequestId id = RequestId.random();
        store.putRequest(id, "svc", List.of(frame), null).join();
        return new Job(id, "svc", null, 0);
    }

    private static List<QueuedBodies.Read> readAll(QueuedBodies bodies, List<Job> jobs) throws Exception {
        CompletableFuture<List<QueuedBodies.Read>> reads = new CompletableFuture<>();
        assertTrue(bodies.read(jobs, reads::complete));
        return reads.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static List<byte[]> body(int i) {
        return List.of(String.format("%05d", i).getBytes(StandardCharsets.US_ASCII), new byte[100]);
    }

    private static String text(List<byte[]> frames) {
        return new String(frames.get(0), StandardCharsets.US_ASCII) + "+" + frames.get(1).length;
    }

    /** A 7/MDP worker by hand: READY for "svc", then echoes each REQUEST's body, noting its number. */
    private static void echoWorker(ZContext ctx, String endpoint, List<Integer> served, AtomicBoolean stop) {
        ZMQ.Socket socket = ctx.createSocket(SocketType.DEALER);
        try {
            socket.setLinger(0);
            socket.setReceiveTimeOut(100);
            socket.connect(endpoint);
            ZMsg ready = new ZMsg();
            ready.add(new byte[0]);
            ready.add(Mdp.WORKER);
            ready.add(new byte[] {READY});
            ready.add("svc");
            ready.send(socket);
            while (!stop.get()) {
                ZMsg msg = ZMsg.recvMsg(socket);
                if (msg == null) {
                    continue;
                }
                List<byte[]> frames = new ArrayList<>();
                msg.forEach(f -> frames.add(f.getData()));
                if (frames.size() < 6 || frames.get(2).length != 1 || frames.get(2)[0] != REQUEST) {
                    continue; // a HEARTBEAT
                }
                served.add(Integer.parseInt(new String(frames.get(5), StandardCharsets.US_ASCII)));
                ZMsg reply = new ZMsg();
                reply.add(new byte[0]);
                reply.add(Mdp.WORKER);
                reply.add(new byte[] {REPLY});
                reply.add(frames.get(3));
                reply.add(new byte[0]);
                frames.subList(5, frames.size()).forEach(reply::add);
                reply.send(socket);
            }
        } finally {
            ctx.destroySocket(socket);
        }
    }
}
