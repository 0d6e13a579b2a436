package io.titanicmq.runtime.broker;

import static io.titanicmq.runtime.broker.MdpPeer.bytes;
import static io.titanicmq.runtime.broker.MdpPeer.text;
import static io.titanicmq.runtime.broker.RecordingListener.ascii;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.protocol.MdpCommand;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How the broker picks workers and what happens to requests when workers die or never come. */
@Timeout(30)
class BrokerRoutingTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(150);
    private static final Duration EXPIRY = Duration.ofMillis(400);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private BrokerFixture fixture;

    @BeforeEach
    void start() {
        fixture = new BrokerFixture(HEARTBEAT, EXPIRY);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void idleWorkerThatWaitedLongestGetsTheNextRequest() {
        MdpPeer a = fixture.worker("svc");
        MdpPeer b = fixture.worker("svc");
        MdpPeer c = fixture.worker("svc");
        MdpPeer client = fixture.peer();
        for (MdpPeer expected : List.of(a, b, c, a, b)) {
            client.sendClient("svc", "job");
            List<byte[]> request = expected.workerCommand(MdpCommand.REQUEST, WAIT);
            assertNotNull(request, "the least recently used worker got the request");
            expected.reply(request.get(0), "done");
            assertNotNull(client.clientReply("svc", WAIT));
        }
    }

    @Test
    void workerDyingMidRequestIsReportedToTheInternalRequesterAndNeverRoutedToAgain() {
        MdpPeer dying = fixture.worker("svc");
        RecordingListener listener = new RecordingListener();
        fixture.broker.submit("svc", ascii("req-1/1"), List.of(bytes("work")), listener);
        assertNotNull(dying.workerCommand(MdpCommand.REQUEST, WAIT));
        dying.silent();
        await().atMost(WAIT).until(() -> listener.lost.containsKey("req-1/1"));
        assertEquals(0, fixture.liveWorkers("svc"));
        MdpPeer fresh = fixture.worker("svc");
        for (int i = 2; i <= 4; i++) {
            fixture.broker.submit("svc", ascii("req-" + i + "/1"), List.of(bytes("work")), listener);
            List<byte[]> request = fresh.workerCommand(MdpCommand.REQUEST, WAIT);
            assertEquals("req-" + i + "/1", ascii(request.get(0)));
            fresh.reply(request.get(0), "ok");
        }
        assertNull(dying.workerCommand(MdpCommand.REQUEST, HEARTBEAT), "the dead worker got nothing");
        await().atMost(WAIT).until(() -> listener.replies.size() == 3);
        assertTrue(!listener.replies.containsKey("req-1/1"), "the broker does not requeue the lost request");
    }

    @Test
    void workerDisconnectingMidRequestIsReportedToTheInternalRequester() {
        MdpPeer worker = fixture.worker("svc");
        RecordingListener listener = new RecordingListener();
        fixture.broker.submit("svc", ascii("req-1/1"), List.of(bytes("work")), listener);
        assertNotNull(worker.workerCommand(MdpCommand.REQUEST, WAIT));
        worker.silent();
        worker.sendWorker(MdpCommand.DISCONNECT);
        await().atMost(WAIT).until(() -> listener.lost.containsKey("req-1/1"));
        assertEquals("titanic-broker", listener.calledOn.getName());
    }

    @Test
    void requestWithNoWorkerExpiresAndTheInternalRequesterIsTold() {
        RecordingListener listener = new RecordingListener();
        long submitted = System.nanoTime();
        fixture.broker.submit("absent", ascii("req-9/1"), List.of(bytes("work")), listener);
        await().atMost(WAIT).until(() -> listener.expired.containsKey("req-9/1"));
        assertTrue(System.nanoTime() - submitted >= EXPIRY.toNanos(), "not before the expiry");
        assertEquals(1, fixture.broker.stats().expired());
        assertEquals(0, fixture.queued("absent"));
        assertEquals(0, fixture.broker.serviceEntries(), "the empty service entry was removed");
    }

    @Test
    void emptyServiceEntriesAreRemoved() {
        MdpPeer client = fixture.peer();
        for (int i = 0; i < 50; i++) {
            client.sendClient("random-" + i, "x");
        }
        await().atMost(WAIT).until(() -> fixture.broker.stats().expired() == 50);
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        worker.sendWorker(MdpCommand.DISCONNECT);
        await().atMost(WAIT).until(() -> fixture.broker.serviceEntries() == 0);
    }

    @Test
    void internalServiceMayReplyFromAnotherThread() {
        fixture.close();
        fixture = new BrokerFixture(HEARTBEAT, EXPIRY, broker -> broker.registerInternal("later",
                request -> new Thread(() -> request.reply(List.of(bytes("from " + text(request.body().get(0))))),
                        "test-replier").start()));
        MdpPeer client = fixture.peer();
        for (int i = 0; i < 20; i++) {
            client.sendClient("later", "call " + i);
            List<byte[]> reply = client.clientReply("later", WAIT);
            assertNotNull(reply);
            assertEquals("from call " + i, text(reply.get(0)));
        }
    }

    @Test
    void submittedRequestsRoundTripWithManyInFlight() {
        MdpPeer one = fixture.worker("echo");
        MdpPeer two = fixture.worker("echo");
        RecordingListener listener = new RecordingListener();
        int count = 300;
        Thread submitter = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                fixture.broker.submit("echo", ascii(String.format("%032x/1", i)), List.of(bytes("n" + i)), listener);
            }
        }, "test-submitter");
        submitter.start();
        int served = 0;
        while (served < count) {
            for (MdpPeer worker : List.of(one, two)) {
                List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(5));
                if (request != null) {
                    worker.reply(request.get(0), text(request.get(2)).toUpperCase());
                    served++;
                }
            }
        }
        await().atMost(WAIT).until(() -> listener.replies.size() == count);
        for (int i = 0; i < count; i++) {
            List<byte[]> body = listener.replies.get(String.format("%032x/1", i));
            assertEquals("N" + i, text(body.get(0)));
        }
        assertEquals(count, fixture.broker.stats().repliesRouted());
        assertEquals(count, fixture.broker.stats().requestsRouted());
    }

    @Test
    void internalRequestCanBeAnsweredOnlyOnceAndSubmitReachesInternalServices() {
        AtomicReference<RuntimeException> second = new AtomicReference<>();
        fixture.close();
        fixture = new BrokerFixture(HEARTBEAT, EXPIRY, broker -> broker.registerInternal("once", request -> {
            request.reply(List.of(bytes("first")));
            try {
                request.reply(List.of(bytes("second")));
            } catch (IllegalStateException e) {
                second.set(e);
            }
        }));
        RecordingListener listener = new RecordingListener();
        fixture.broker.submit("once", ascii("req-1/1"), List.of(bytes("x")), listener);
        await().atMost(WAIT).until(() -> listener.replies.containsKey("req-1/1"));
        assertEquals("first", text(listener.replies.get("req-1/1").get(0)));
        assertNotNull(second.get(), "the second reply was refused");
    }
}
