package io.titanicmq.runtime.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.protocol.MdpCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Progress a handler reports goes out as coalesced PROGRESS frames; DISCONNECT mid-request cancels it. */
@Timeout(30)
class WorkerProgressCancelTest {

    private static final String ADDRESS = "0123456789abcdef0123456789abcdef/2";

    @TempDir
    Path dataDir;

    private final HostedWorkerFixture fixture = new HostedWorkerFixture();
    private final FakeBroker broker = fixture.broker;

    @AfterEach
    void stopAll() {
        fixture.close();
    }

    private String start(ScriptedWorker.Handler handler) {
        return start(new WorkerSettings(broker.endpoint(), 1, Duration.ofMillis(200), 10,
                Duration.ofMillis(100), Duration.ofSeconds(5)), handler);
    }

    private String start(WorkerSettings settings, ScriptedWorker.Handler handler) {
        return fixture.start(settings, new ScriptedWorker("svc", handler), dataDir);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBurstOfProgressCallsBecomesFewProgressFramesEndingWithTheLastValue() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        String worker = start(request -> {
            for (int i = 1; i <= 500; i++) {
                request.progress(i / 500.0, "step " + i);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> release.getCount() == 0);
            return List.of(utf8("done"));
        });
        long started = System.nanoTime();
        broker.request(worker, ADDRESS, utf8("go"));
        await().atMost(Duration.ofSeconds(10)).until(() -> progress(worker).stream()
                .anyMatch(p -> p.text(3).equals("step 500")));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        List<FakeBroker.Received> frames = progress(worker);
        assertTrue(frames.size() <= 2 + elapsedMs / WorkerConnection.PROGRESS_INTERVAL_MS,
                frames.size() + " PROGRESS frames in " + elapsedMs + " ms for 500 calls");
        FakeBroker.Received last = frames.get(frames.size() - 1);
        assertEquals(ADDRESS, last.text(0), "the client address is echoed");
        assertEquals("", last.text(1));
        assertEquals("1", last.text(2), "fraction as an ASCII decimal");
        assertEquals("step 500", last.text(3));
        assertEquals(4, last.rest().size());
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.reply(ADDRESS).isPresent());
    }

    @Test
    void steadyProgressIsSentAtMostOncePerInterval() {
        AtomicLong handlerMs = new AtomicLong();
        String worker = start(request -> {
            long t0 = System.nanoTime();
            for (int i = 1; i <= 100; i++) {
                request.progress(i / 100.0, i + "%");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // pacing the steps, not waiting
            }
            handlerMs.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return List.of(utf8("done"));
        });
        broker.request(worker, ADDRESS, utf8("go"));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.reply(ADDRESS).isPresent());
        int sent = progress(worker).size();
        assertTrue(sent >= 2, "progress was sent during a ~1 s job: " + sent);
        assertTrue(sent <= 2 + handlerMs.get() / WorkerConnection.PROGRESS_INTERVAL_MS,
                sent + " PROGRESS frames in " + handlerMs.get() + " ms");
        List<Double> fractions = progress(worker).stream().map(p -> Double.parseDouble(p.text(2))).toList();
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) > fractions.get(i - 1), "each frame carries the latest value: " + fractions);
        }
    }

    @Test
    void noProgressIsSentWhenSendProgressIsOff() {
        Config titanic = ConfigFactory.parseString("titanic.workers { send-progress = false, concurrency = 1,"
                + " heartbeat-interval = 200ms, reconnect-delay = 100ms }")
                .withFallback(ConfigFactory.defaultReference()).getConfig("titanic");
        WorkerSettings settings = WorkerSettings.from(titanic, broker.endpoint());
        assertFalse(settings.sendProgress());
        String worker = start(settings, request -> {
            for (int i = 1; i <= 5; i++) {
                request.progress(i / 5.0, "step " + i);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // pacing the steps, not waiting
            }
            return List.of(utf8("done"));
        });
        broker.request(worker, ADDRESS, utf8("go"));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.reply(ADDRESS).isPresent());
        assertEquals(0, progress(worker).size());
    }

    @Test
    void disconnectWhileARequestRunsCancelsItDropsItsReplyAndReconnectsAfterTheHandlerReturned() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean sawCancel = new AtomicBoolean();
        String first = start(request -> {
            if (!request.text(0).equals("long")) {
                return request.frames();
            }
            started.countDown();
            await().atMost(Duration.ofSeconds(20)).until(request::isCancelled);
            sawCancel.set(true);
            await().atMost(Duration.ofSeconds(20)).until(() -> release.getCount() == 0);
            return List.of(utf8("late reply"));
        });
        broker.request(first, ADDRESS, utf8("long"));
        await().atMost(Duration.ofSeconds(10)).until(() -> started.getCount() == 0);

        broker.disconnect(first);
        await().atMost(Duration.ofSeconds(10)).untilTrue(sawCancel);
        // Well past the 100 ms reconnect delay: still no new READY while the handler runs.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(5))
                .until(() -> broker.readies("svc").size() == 1);

        release.countDown();
        String second = broker.awaitNewReady("svc", List.of(first));
        assertEquals(List.of("again"), broker.call(second, "c2", "again"));
        assertFalse(broker.reply(ADDRESS).isPresent(), "the cancelled request's reply was dropped");
        assertTrue(broker.received(second, MdpCommand.REPLY).stream().noneMatch(r -> r.text(0).equals(ADDRESS)));
    }

    private List<FakeBroker.Received> progress(String worker) {
        return broker.received(worker, MdpCommand.PROGRESS);
    }
}
