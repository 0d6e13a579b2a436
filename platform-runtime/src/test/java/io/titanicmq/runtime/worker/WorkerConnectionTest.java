package io.titanicmq.runtime.worker;

import io.titanicmq.api.Request;
import io.titanicmq.api.WorkerException;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class WorkerConnectionTest {

    private static final String ID = "0123456789abcdef0123456789ABCDEF";

    @TempDir
    Path dataDir;

    private final HostedWorkerFixture fixture = new HostedWorkerFixture();
    private final FakeBroker broker = fixture.broker;

    @AfterEach
    void stopAll() {
        fixture.close();
    }

    private WorkerSettings settings(Duration heartbeat, int liveness, Duration grace) {
        return new WorkerSettings(broker.endpoint(), 1, heartbeat, liveness, Duration.ofMillis(100), grace);
    }

    private String start(ScriptedWorker.Handler handler) {
        return start(settings(Duration.ofMillis(200), 10, Duration.ofSeconds(5)), handler);
    }

    private String start(WorkerSettings s, ScriptedWorker.Handler handler) {
        return start(s, new ScriptedWorker("svc", handler));
    }

    private String start(WorkerSettings s, ScriptedWorker worker) {
        return fixture.start(s, worker, dataDir);
    }

    private static List<byte[]> texts(String... s) {
        return java.util.Arrays.stream(s).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void sendsReadyWithItsServiceNameOnConnect() {
        String worker = start(Request::frames);
        assertEquals("svc", broker.received(worker, MdpCommand.READY).get(0).text(0));
        assertEquals("worker svc", fixture.workers().name());
    }

    @Test
    void theConnectionsOfOneServiceRunTheirRequestsAtOnce() {
        CountDownLatch allIn = new CountDownLatch(3);
        start(new WorkerSettings(broker.endpoint(), 3, Duration.ofMillis(200), 10, Duration.ofMillis(100),
                Duration.ofSeconds(5)), request -> {
            allIn.countDown();
            // Answers "true" only when all three requests run at the same time.
            try {
                return texts(String.valueOf(allIn.await(10, TimeUnit.SECONDS)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw WorkerException.retryable("interrupted");
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.readies("svc").size() == 3);
        List<String> workers = broker.readies("svc");
        assertEquals(3, workers.stream().distinct().count(), "one READY per connection, each its own socket");
        for (int i = 0; i < 3; i++) {
            broker.request(workers.get(i), "c" + i, "x".getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < 3; i++) {
            String address = "c" + i;
            await().atMost(Duration.ofSeconds(15)).until(() -> broker.reply(address).isPresent());
            assertEquals("true", broker.reply(address).orElseThrow().text(2));
        }
    }

    @Test
    void aNonBlockingHandlerRunsOnTheConnectionsThreadAndABlockingOneOnItsOwn() {
        ScriptedWorker.Handler threadName = request -> texts(Thread.currentThread().getName());
        String inline = start(settings(Duration.ofMillis(200), 10, Duration.ofSeconds(5)),
                new ScriptedWorker("svc", threadName, true));
        assertEquals(List.of("worker svc"), broker.call(inline, "c1", "x"));
        fixture.stopWorkers();
        String handed = start(threadName);
        assertEquals(List.of("worker svc#1 handler"), broker.call(handed, "c2", "x"));
    }

    @Test
    void repliesWithTheHandlerFramesAndEchoesTheClientAddress() {
        String worker = start(Request::frames);
        assertEquals(List.of("hello", "world"), broker.call(worker, "client-1", "hello", "world"));
        // 7/MDP: a REPLY carries at least one body frame, so an empty reply travels as one empty frame
        assertEquals(List.of(""), broker.call(worker, "client-2"));
    }

    @Test
    void sendsHeartbeatsWhileIdle() {
        String worker = start(settings(Duration.ofMillis(100), 10, Duration.ofSeconds(1)), Request::frames);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.received(worker, MdpCommand.HEARTBEAT).size() >= 3);
    }

    @Test
    void reconnectsWithANewSocketAndReadyAfterBrokerSilence() {
        String first = start(settings(Duration.ofMillis(100), 10, Duration.ofSeconds(1)), Request::frames);
        broker.silent(true);
        String second = broker.awaitNewReady("svc", List.of(first));
        broker.silent(false);
        assertEquals(List.of("again"), broker.call(second, "c", "again"));
    }

    @Test
    void reconnectsAfterTheBrokerSaysDisconnect() {
        String first = start(Request::frames);
        broker.disconnect(first);
        String second = broker.awaitNewReady("svc", List.of(first));
        assertEquals(List.of("after"), broker.call(second, "c", "after"));
    }

    @Test
    void handlerFailuresBecomeFailureRepliesAndTheConnectionKeepsServing() {
        String worker = start(request -> switch (request.text(0)) {
            case "terminal" -> throw WorkerException.terminal("bad input");
            case "retryable" -> throw WorkerException.retryable("try later");
            case "boom" -> throw new IllegalStateException("kaputt");
            case "null" -> null;
            default -> request.frames();
        });
        String marker = Tsp.FAILURE_MARKER;
        assertEquals(List.of(marker, "terminal", "bad input"), broker.call(worker, "a1", "terminal"));
        assertEquals(List.of(marker, "retryable", "try later"), broker.call(worker, "a2", "retryable"));
        assertEquals(List.of(marker, "retryable", "java.lang.IllegalStateException: kaputt"),
                broker.call(worker, "a3", "boom"));
        assertEquals(List.of(marker, "terminal", "handler returned null"), broker.call(worker, "a4", "null"));
        assertEquals(List.of("fine"), broker.call(worker, "a5", "fine"));
    }

    @Test
    void givesTheHandlerRequestIdAndAttemptFromTheClientAddress() {
        String worker = start(request -> texts(request.id().orElse("-"), String.valueOf(request.attempt())));
        assertEquals(List.of(ID, "1"), broker.call(worker, ID, "x"));
        assertEquals(List.of(ID, "3"), broker.call(worker, ID + "/3", "x"));
        assertEquals(List.of("-", "1"), broker.call(worker, "some-client", "x"));
        assertEquals(List.of("-", "1"), broker.call(worker, ID + "/zz", "x"));
    }

    @Test
    void keepsHeartbeatingWhileALongHandlerRuns() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        String worker = start(settings(Duration.ofMillis(100), 5, Duration.ofSeconds(5)), request -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return request.frames();
        });
        broker.request(worker, "long", "job".getBytes(StandardCharsets.UTF_8));
        int before = broker.received(worker, MdpCommand.HEARTBEAT).size();
        // Well past liveness x interval (500 ms): a blocked socket thread would have lost the broker.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.received(worker, MdpCommand.HEARTBEAT).size() >= before + 8);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.reply("long").isPresent());
        assertEquals(1, broker.readies("svc").size(), "the worker never reconnected");
    }

    @Test
    void closeLetsARunningRequestFinishAndRepliesBeforeDisconnect() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String worker = start(request -> {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return texts("done");
        });
        broker.request(worker, "graceful", "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread closer = new Thread(fixture::stopWorkers, "test-closer");
        closer.start();
        release.countDown();
        closer.join(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.received(worker, MdpCommand.DISCONNECT).isEmpty());
        List<MdpCommand> order = broker.received().stream()
                .filter(r -> r.worker().equals(worker))
                .map(FakeBroker.Received::command)
                .filter(c -> c == MdpCommand.REPLY || c == MdpCommand.DISCONNECT).toList();
        assertEquals(List.of(MdpCommand.REPLY, MdpCommand.DISCONNECT), order);
    }

    @Test
    void closeCancelsARequestPastStopGraceAndHandsItBackByDisconnect() throws Exception {
        AtomicBoolean sawCancel = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        String worker = start(settings(Duration.ofMillis(200), 10, Duration.ofMillis(300)), request -> {
            started.countDown();
            await().atMost(Duration.ofSeconds(20)).until(request::isCancelled);
            sawCancel.set(true);
            throw WorkerException.retryable("cancelled");
        });
        broker.request(worker, "stuck", "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        fixture.stopWorkers();
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.received(worker, MdpCommand.DISCONNECT).isEmpty());
        await().atMost(Duration.ofSeconds(10)).untilTrue(sawCancel);
        assertFalse(broker.reply("stuck").isPresent(), "a cancelled request is handed back, not answered");
    }

    @Test
    void closeOfAnIdleConnectionSendsDisconnect() {
        String worker = start(Request::frames);
        fixture.stopWorkers();
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.received(worker, MdpCommand.DISCONNECT).isEmpty());
    }

    @Test
    void scratchDirIsMadeOnDemandAndDeletedAfterTheHandlerReturned() {
        AtomicReference<Path> scratch = new AtomicReference<>();
        String worker = start(request -> {
            Path dir = request.scratchDir();
            scratch.set(dir);
            try {
                Files.writeString(dir.resolve("part"), "data");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return texts(String.valueOf(Files.isDirectory(dir)), String.valueOf(dir.startsWith(dataDir)));
        });
        assertEquals(List.of("true", "true"), broker.call(worker, "s", "x"));
        assertFalse(Files.exists(scratch.get()), "scratch dir deleted after the handler returned");
    }
}
