package io.titanicmq.runtime.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** handler-timeout: a hung handler costs its thread, never the connection; oversize replies fail terminally. */
@Timeout(30)
class WorkerHandlerTimeoutTest {

    @TempDir
    Path dataDir;

    private final HostedWorkerFixture fixture = new HostedWorkerFixture();
    private final FakeBroker broker = fixture.broker;
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stopAll() {
        release.countDown();
        fixture.close();
    }

    private String start(Duration handlerTimeout, long maxMessageSize, ScriptedWorker.Handler handler) {
        WorkerSettings settings = new WorkerSettings(broker.endpoint(), 1, Duration.ofMillis(200), 10,
                Duration.ofMillis(100), Duration.ofSeconds(1), true, Map.of(), handlerTimeout, Map.of(), maxMessageSize);
        return fixture.start(settings, new ScriptedWorker("svc", handler), dataDir);
    }

    @Test
    void hungHandlerIsAnsweredAsRetryableInterruptedAndTheNextRequestRunsOnAFreshThread() {
        AtomicInteger interrupts = new AtomicInteger();
        String worker = start(Duration.ofMillis(300), 0, request -> {
            if (request.text(0).equals("hang")) {
                // deaf to cancellation; counts the interrupt, then keeps hanging until released
                while (release.getCount() > 0) {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        interrupts.incrementAndGet();
                        // progress from an abandoned, interrupted handler must not break the connection
                        request.progress(0.5, "still here");
                    }
                }
                return List.of("late".getBytes(StandardCharsets.UTF_8));
            }
            return List.of(("ran on " + Thread.currentThread().getName()).getBytes(StandardCharsets.UTF_8));
        });
        List<String> failure = broker.call(worker, "hung", "hang");
        assertEquals(List.of(Tsp.FAILURE_MARKER, "retryable", "handler of service 'svc' timed out after PT0.3S"), failure);
        await().atMost(Duration.ofSeconds(5)).until(() -> interrupts.get() == 1);
        assertEquals(List.of("ran on worker svc#1 handler-1"), broker.call(worker, "next", "x"));
        assertEquals(List.of("ran on worker svc#1 handler-1"), broker.call(worker, "again", "x"));

        release.countDown();
        assertEquals(List.of("ran on worker svc#1 handler-1"), broker.call(worker, "after", "x"));
        assertEquals(1, broker.received().stream().filter(r -> r.command() == MdpCommand.REPLY && r.text(0).equals("hung")).count(),
                "the abandoned handler's late reply must be dropped");
        assertEquals(1, broker.readies("svc").size(), "the connection itself never reconnected");
    }

    @Test
    void noHandlerTimeoutLetsALongHandlerFinish() {
        String worker = start(Duration.ZERO, 0, request -> {
            try {
                release.await(700, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return request.frames();
        });
        assertEquals(List.of("done"), broker.call(worker, "slow", "done"));
    }

    @Test
    void replyLargerThanTheBrokersMaxMessageSizeBecomesATerminalFailure() {
        String worker = start(Duration.ZERO, 4096, request -> List.of(new byte[Integer.parseInt(request.text(0))]));
        List<String> failure = broker.call(worker, "big", "5000");
        assertEquals(Tsp.FAILURE_MARKER, failure.get(0));
        assertEquals("terminal", failure.get(1));
        assertTrue(failure.get(2).contains("larger than the broker's max-message-size of 4096 bytes"), failure.get(2));
        assertEquals(3000, broker.call(worker, "small", "3000").get(0).length());
    }

    @Test
    void settingsReadHandlerTimeoutWithPerServiceOverridesAndRefuseNegativeOnes() {
        WorkerSettings s = WorkerSettings.from(ConfigFactory.parseString(
                "workers.handler-timeout = 2s\nworkers.handler-timeout-by-service { \"video.encode\" = 4h }\n"
                        + "broker.max-message-size = 1MiB")
                .withFallback(ConfigFactory.defaultReference().getConfig("titanic")), "tcp://127.0.0.1:1");
        assertEquals(Duration.ofSeconds(2), s.handlerTimeoutFor("echo"));
        assertEquals(Duration.ofHours(4), s.handlerTimeoutFor("video.encode"));
        assertEquals(1 << 20, s.maxMessageSize());
        assertEquals(Duration.ofHours(1), WorkerSettings.from(ConfigFactory.defaultReference().getConfig("titanic"),
                "tcp://127.0.0.1:1").handlerTimeout());
        ConfigException.BadValue bad = assertThrows(ConfigException.BadValue.class, () -> WorkerSettings.from(
                ConfigFactory.parseString("workers.handler-timeout = -1s")
                        .withFallback(ConfigFactory.defaultReference().getConfig("titanic")), "tcp://127.0.0.1:1"));
        assertTrue(bad.getMessage().contains("titanic.workers.handler-timeout"), bad.getMessage());
        assertFalse(s.handlerTimeoutFor("echo").isZero());
    }
}
