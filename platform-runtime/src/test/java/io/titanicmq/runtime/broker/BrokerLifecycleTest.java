package io.titanicmq.runtime.broker;

import static io.titanicmq.runtime.broker.MdpPeer.bytes;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;

/** Start, bind, close. */
@Timeout(30)
class BrokerLifecycleTest {

    private static BrokerSettings settings(String endpoint) {
        return new BrokerSettings(endpoint, Duration.ofSeconds(1), 3, Duration.ofSeconds(5), 1 << 20);
    }

    @Test
    void wildcardEndpointIsReportedWithTheRealPort() {
        try (ZContext context = new ZContext(); Broker broker = new Broker(context, settings("tcp://127.0.0.1:*"))) {
            broker.start();
            assertTrue(broker.endpoint().matches("tcp://127\\.0\\.0\\.1:\\d+"), broker.endpoint());
        }
    }

    @Test
    void bindFailureThrowsIllegalStateNamingTheEndpoint() {
        try (ZContext context = new ZContext(); Broker first = new Broker(context, settings("tcp://127.0.0.1:*"))) {
            first.start();
            try (Broker second = new Broker(context, settings(first.endpoint()))) {
                IllegalStateException failure = assertThrows(IllegalStateException.class, second::start);
                assertTrue(failure.getMessage().contains(first.endpoint()), failure.getMessage());
            }
        }
    }

    @Test
    void postRunsTasksOnTheBrokerThreadAndFromItAfterTheCurrentTaskNeverInsideIt() throws Exception {
        try (ZContext context = new ZContext(); Broker broker = new Broker(context, settings("tcp://127.0.0.1:*"))) {
            List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            broker.post(() -> events.add("posted before start on " + Thread.currentThread().getName()));
            broker.start();
            broker.post(() -> {
                events.add("outer starts, on broker thread: " + broker.onBrokerThread());
                broker.post(() -> {
                    events.add("inner");
                    done.complete(null);
                });
                events.add("outer ends");
            });
            done.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertFalse(broker.onBrokerThread());
            org.junit.jupiter.api.Assertions.assertEquals(List.of("posted before start on titanic-broker",
                    "outer starts, on broker thread: true", "outer ends", "inner"), events);
        }
    }

    @Test
    void closeStopsTheBrokerThread() {
        try (ZContext context = new ZContext()) {
            Broker broker = new Broker(context, settings("tcp://127.0.0.1:*"));
            broker.start();
            assertTrue(brokerThreadAlive());
            broker.close();
            assertFalse(brokerThreadAlive(), "the titanic-broker thread ended");
            broker.close();
        }
    }

    @Test
    void submitAfterCloseAndRegisterAfterStartAreRefused() {
        try (ZContext context = new ZContext()) {
            Broker broker = new Broker(context, settings("tcp://127.0.0.1:*"));
            broker.start();
            assertThrows(IllegalStateException.class, () -> broker.registerInternal("late", request -> { }));
            broker.close();
            assertThrows(IllegalStateException.class,
                    () -> broker.submit("svc", bytes("a"), List.of(bytes("b")), new RecordingListener()));
        }
    }

    @Test
    void mmiNamesCannotBeInternalServices() {
        try (ZContext context = new ZContext(); Broker broker = new Broker(context, settings("tcp://127.0.0.1:*"))) {
            assertThrows(IllegalArgumentException.class, () -> broker.registerInternal("mmi.x", request -> { }));
        }
    }

    private static boolean brokerThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(thread -> thread.getName().equals("titanic-broker") && thread.isAlive());
    }
}
