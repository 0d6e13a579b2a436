package io.titanicmq.runtime.local;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.Request;
import io.titanicmq.api.Worker;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.BrokerSettings;
import io.titanicmq.runtime.worker.ConfiguredWorkerContext;
import io.titanicmq.runtime.worker.ServiceWorkers;
import io.titanicmq.runtime.worker.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A real broker and hosted workers that reach it through its local hub (the way the server wires
 * them), driven by an MDP client over TCP.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LocalLinkEndToEndTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(100);

    @TempDir
    Path data;

    private final ZContext context = new ZContext();
    private Broker broker;
    private ServiceWorkers workers;
    private MajordomoClient client;

    /** Echoes its request; {@code nonBlocking} decides whether it runs on the socket thread. */
    private record Echo(String service, boolean nonBlocking) implements Worker {
        @Override
        public List<byte[]> handle(Request request) {
            return request.frames();
        }
    }

    @BeforeEach
    void startBroker() {
        broker = new Broker(context, new BrokerSettings("tcp://127.0.0.1:*", HEARTBEAT, 3, Duration.ofSeconds(30), 1 << 20));
        broker.start();
        client = new MajordomoClient(broker.endpoint());
    }

    @AfterEach
    void stopAll() {
        if (workers != null) {
            workers.close();
        }
        client.close();
        broker.close();
        context.close();
    }

    private void serve(Worker worker, int connections) {
        WorkerSettings settings = new WorkerSettings(broker.inprocEndpoint(), connections, HEARTBEAT, 3,
                Duration.ofMillis(100), Duration.ofSeconds(2));
        workers = new ServiceWorkers(context, settings, worker, new ConfiguredWorkerContext("test", ConfigFactory.empty(), data));
        workers.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> live(worker.service()) == connections);
    }

    private int live(String service) {
        return broker.stats().liveWorkersByService().getOrDefault(service, 0);
    }

    @Test
    void hostedWorkersOfTheBrokersProcessUseItsLocalHub() {
        assertTrue(LocalHub.find(broker.inprocEndpoint()).isPresent(), "the broker binds a hub under its inproc name");
        serve(new Echo("echo", true), 2);
        assertArrayEquals("hi".getBytes(StandardCharsets.UTF_8),
                client.send("echo", List.of("hi".getBytes(StandardCharsets.UTF_8))).join().get(0));
    }

    /**
     * Many requests in flight at once, each answered. Every wake-up of the worker thread must be
     * seen: a lost one left requests waiting for the next heartbeat (a few per second in total).
     */
    @Test
    void aBurstOfPipelinedRequestsIsAnsweredInFull() throws InterruptedException {
        for (boolean nonBlocking : new boolean[] {true, false}) {
            String service = nonBlocking ? "echo-inline" : "echo-threads";
            serve(new Echo(service, nonBlocking), 4);
            Semaphore inFlight = new Semaphore(64);
            List<CompletableFuture<List<byte[]>>> answers = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                inFlight.acquire();
                CompletableFuture<List<byte[]>> answer = client.send(service, List.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
                answer.whenComplete((r, e) -> inFlight.release());
                answers.add(answer);
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(Integer.toString(i), new String(answers.get(i).join().get(0), StandardCharsets.UTF_8));
            }
            workers.close();
            workers = null;
            await().atMost(Duration.ofSeconds(10)).until(() -> live(service) == 0);
        }
    }

    @Test
    void heartbeatsKeepLocalWorkersAliveAndDisconnectRemovesThem() {
        serve(new Echo("echo", true), 3);
        // For ten worker timeouts (liveness 3 x 100 ms), all stay known alive.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> live("echo") == 3);
        workers.close();
        workers = null;
        await().atMost(Duration.ofSeconds(5)).until(() -> live("echo") == 0);
        assertEquals("404", new String(client.send("mmi.service", List.of("echo".getBytes(StandardCharsets.UTF_8)))
                .join().get(0), StandardCharsets.US_ASCII));
    }

    /** A blocking echo that holds each request until {@code release} opens, and notes cancellations. */
    private record HeldEcho(String service, java.util.concurrent.CountDownLatch release,
                            java.util.concurrent.atomic.AtomicBoolean sawCancel) implements Worker {
        @Override
        public List<byte[]> handle(Request request) throws io.titanicmq.api.WorkerException {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new io.titanicmq.api.WorkerException("interrupted", true, e);
            }
            if (request.isCancelled()) {
                sawCancel.set(true);
            }
            return request.frames();
        }
    }

    /**
     * A cancel makes the broker send DISCONNECT to the local worker running the request and forget
     * it; the worker marks the request cancelled and, once its handler returned, reconnects with a
     * new link and READY, and serves again.
     */
    @Test
    void aWorkerDisconnectedOverItsLinkReconnectsAndServesAgain() {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean sawCancel = new java.util.concurrent.atomic.AtomicBoolean();
        serve(new HeldEcho("held", release, sawCancel), 1);
        java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();
        byte[] address = "job-1".getBytes(StandardCharsets.US_ASCII);
        broker.submit("held", address, List.of("x".getBytes(StandardCharsets.UTF_8)), new io.titanicmq.runtime.broker.DispatchListener() {
            @Override
            public void onReply(byte[] a, List<byte[]> body) {
            }

            @Override
            public void onWorkerLost(byte[] a) {
            }

            @Override
            public void onExpired(byte[] a) {
            }

            @Override
            public void onDispatched(byte[] a) {
                taken.set(true);
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilTrue(taken);
        broker.cancel("held", address);
        await().atMost(Duration.ofSeconds(10)).until(() -> live("held") == 0);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> live("held") == 1);
        assertTrue(sawCancel.get(), "the DISCONNECT reached the worker over its link and cancelled the request");
        assertArrayEquals("again".getBytes(StandardCharsets.UTF_8),
                client.send("held", List.of("again".getBytes(StandardCharsets.UTF_8))).join().get(0));
    }
}
