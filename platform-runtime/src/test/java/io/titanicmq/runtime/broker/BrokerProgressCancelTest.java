package io.titanicmq.runtime.broker;

import static io.titanicmq.runtime.broker.MdpPeer.EMPTY;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The PROGRESS extension (0x10) from worker to internal requester, and {@link Broker#cancel} of a
 * queued or running submission, over raw MDP sockets.
 */
@Timeout(30)
class BrokerProgressCancelTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(150);
    private static final Duration EXPIRY = Duration.ofSeconds(20);
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

    private static void progress(MdpPeer worker, byte[] address, String fraction, String message) {
        worker.sendWorker(MdpCommand.PROGRESS, address, EMPTY, bytes(fraction), bytes(message));
    }

    @Test
    void progressFromTheServingWorkerReachesTheDispatchListenerOnTheBrokerThread() {
        MdpPeer worker = fixture.worker("svc");
        RecordingListener listener = new RecordingListener();
        fixture.broker.submit("svc", ascii("req-1/1"), List.of(bytes("work")), listener);
        byte[] address = worker.workerCommand(MdpCommand.REQUEST, WAIT).get(0);

        await().atMost(WAIT).until(() -> listener.dispatched.equals(List.of("req-1/1")));
        progress(worker, address, "0.42", "frame 42/100");
        progress(worker, address, "1", "done ünïcode");
        await().atMost(WAIT).until(() -> listener.progress.size() == 2);
        assertEquals(List.of("req-1/1 0.42 frame 42/100", "req-1/1 1.0 done ünïcode"), listener.progress);
        assertEquals("titanic-broker", listener.calledOn.getName());
        assertEquals(0, listener.outcomes(), "progress is not an outcome");

        worker.reply(address, "result");
        await().atMost(WAIT).until(() -> listener.replies.containsKey("req-1/1"));
        assertEquals(0, fixture.broker.stats().malformedDropped());
    }

    @Test
    void malformedOrMisdirectedProgressIsDroppedAndCountedButTheWorkerStays() {
        MdpPeer worker = fixture.worker("svc");
        progress(worker, bytes("req-1/1"), "0.5", "while idle");
        await().atMost(WAIT).until(() -> fixture.broker.stats().malformedDropped() == 1);
        RecordingListener listener = new RecordingListener();
        fixture.broker.submit("svc", ascii("req-1/1"), List.of(bytes("work")), listener);
        byte[] address = worker.workerCommand(MdpCommand.REQUEST, WAIT).get(0);

        progress(worker, address, "abc", "not a number");
        progress(worker, address, "1.5", "above one");
        progress(worker, address, "NaN", "not a decimal");
        progress(worker, address, "-0.1", "negative");
        progress(worker, address, "1e-1", "exponent");
        progress(worker, bytes("req-9/1"), "0.5", "someone else's request");
        worker.sendWorker(MdpCommand.PROGRESS, address, EMPTY, bytes("0.5"));
        worker.sendWorker(MdpCommand.PROGRESS, address, bytes("x"), bytes("0.5"), bytes("no delimiter"));
        worker.sendWorker(MdpCommand.PROGRESS, address, EMPTY, bytes("0.5"), bytes("m"), bytes("extra"));
        await().atMost(WAIT).until(() -> fixture.broker.stats().malformedDropped() == 10);

        assertNull(worker.workerCommand(MdpCommand.DISCONNECT, Duration.ofMillis(500)), "no DISCONNECT for bad progress");
        assertEquals(1, fixture.liveWorkers("svc"));
        assertTrue(listener.progress.isEmpty(), listener.progress.toString());
        worker.reply(address, "still served");
        await().atMost(WAIT).until(() -> listener.replies.containsKey("req-1/1"));
        assertEquals("still served", text(listener.replies.get("req-1/1").get(0)));
    }

    @Test
    void progressForAnMdpClientIsDroppedSilently() {
        MdpPeer worker = fixture.worker("svc");
        MdpPeer client = fixture.peer();
        client.sendClient("svc", "job");
        byte[] address = worker.workerCommand(MdpCommand.REQUEST, WAIT).get(0);
        progress(worker, address, "0.5", "half");
        worker.reply(address, "answer");
        List<byte[]> reply = client.clientReply("svc", WAIT);
        assertNotNull(reply);
        assertEquals(List.of("answer"), reply.stream().map(MdpPeer::text).toList(), "the reply is the first thing the client gets");
        assertEquals(0, fixture.broker.stats().malformedDropped(), "valid progress is not counted as dropped");
    }

    @Test
    void cancelOfARunningSubmissionSendsItsWorkerDisconnectAndTellsTheListenerNothing() {
        MdpPeer worker = fixture.worker("svc");
        MdpPeer other = fixture.worker("svc");
        RecordingListener listener = new RecordingListener();
        fixture.broker.submit("svc", ascii("req-1/1"), List.of(bytes("work")), listener);
        assertNotNull(worker.workerCommand(MdpCommand.REQUEST, WAIT), "the least recently used worker got it");

        fixture.broker.cancel("svc", ascii("req-1/1"));
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT), "the serving worker is disconnected");
        await().atMost(WAIT).until(() -> fixture.liveWorkers("svc") == 1);
        assertNull(other.workerCommand(MdpCommand.DISCONNECT, Duration.ofMillis(300)), "the idle worker stays");
        assertEquals(0, listener.outcomes(), "a cancelled request has no outcome");

        fixture.broker.submit("svc", ascii("req-2/1"), List.of(bytes("work")), listener);
        byte[] address = other.workerCommand(MdpCommand.REQUEST, WAIT).get(0);
        other.reply(address, "ok");
        await().atMost(WAIT).until(() -> listener.replies.containsKey("req-2/1"));
        assertEquals(1, listener.outcomes());
    }

    @Test
    void cancelOfAQueuedSubmissionDropsItFromTheQueue() {
        RecordingListener listener = new RecordingListener();
        fixture.broker.submit("later", ascii("req-1/1"), List.of(bytes("first")), listener);
        fixture.broker.submit("later", ascii("req-2/1"), List.of(bytes("second")), listener);
        await().atMost(WAIT).until(() -> fixture.queued("later") == 2);

        fixture.broker.cancel("later", ascii("req-1/1"));
        await().atMost(WAIT).until(() -> fixture.queued("later") == 1);

        MdpPeer worker = fixture.worker("later");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertEquals("req-2/1", ascii(request.get(0)), "only the request not cancelled is served");
        worker.reply(request.get(0), "ok");
        await().atMost(WAIT).until(() -> listener.replies.containsKey("req-2/1"));
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(300)));
        assertEquals(1, listener.outcomes());
        assertEquals(List.of("req-2/1"), listener.dispatched, "the cancelled request never ran");
    }

    @Test
    void cancelOfAnUnknownRequestChangesNothing() {
        MdpPeer worker = fixture.worker("svc");
        fixture.broker.cancel("svc", ascii("nobody/1"));
        fixture.broker.cancel("no-such-service", ascii("nobody/1"));
        assertNull(worker.workerCommand(MdpCommand.DISCONNECT, Duration.ofMillis(300)));
        assertEquals(1, fixture.liveWorkers("svc"));
    }
}
