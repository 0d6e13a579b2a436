package io.titanicmq.runtime.broker;

import static io.titanicmq.runtime.broker.MdpPeer.bytes;
import static io.titanicmq.runtime.broker.MdpPeer.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 7/MDP, MDP/Worker: one test per MUST/SHALL clause, quoted above it. */
@Timeout(30)
class MdpWorkerSpecTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** Longer than the broker's liveness (3 intervals). */
    private static final Duration QUIET = HEARTBEAT.multipliedBy(4);
    private BrokerFixture fixture;

    @BeforeEach
    void start() {
        fixture = new BrokerFixture(HEARTBEAT, Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    // "A READY command consists of a multipart message of 4 frames ... Frame 3: Service name"
    // "The worker opens the connection to the broker by creating a new socket, connecting it, and
    // then sending a READY command to register a service."
    @Test
    void readyRegistersTheWorkerForItsService() {
        fixture.worker("svc");
        assertEquals(1, fixture.liveWorkers("svc"));
    }

    // "The REQUEST and the REPLY commands MUST contain precisely one client address frame. This frame
    // MUST be followed by an empty (zero sized) frame."
    @Test
    void requestCarriesOneClientAddressThenAnEmptyFrameThenTheBody() {
        MdpPeer worker = fixture.worker("svc");
        fixture.peer().sendClient("svc", "one", "two");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request);
        assertEquals(4, request.size(), "address, empty, two body frames");
        assertTrue(request.get(0).length > 0, "client address");
        assertEquals(0, request.get(1).length, "empty frame after the address");
        assertEquals("one", text(request.get(2)));
        assertEquals("two", text(request.get(3)));
    }

    // Same clause, REPLY side: a REPLY whose address is not followed by an empty frame is invalid.
    // "The broker SHOULD respond to invalid messages by dropping them and treating that peer as invalid."
    @Test
    void replyWithoutEmptyFrameAfterTheAddressIsDroppedAndTheWorkerDisconnected() {
        MdpPeer worker = fixture.worker("svc");
        MdpPeer client = fixture.peer();
        client.sendClient("svc", "q");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        worker.silent();
        worker.sendWorker(MdpCommand.REPLY, request.get(0), bytes("no delimiter"));
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertEquals(0, fixture.liveWorkers("svc"));
        assertEquals(1, fixture.broker.stats().malformedDropped());
        assertNull(client.clientReply("svc", Duration.ofMillis(200)));
    }

    // "The worker MUST NOT send a further READY."
    // "The broker MUST respond to any valid but unexpected command by sending DISCONNECT and then no
    // further commands to that worker."
    @Test
    void secondReadyIsAnsweredWithDisconnectAndThenSilence() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        worker.ready("svc");
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertNull(worker.anyWorkerMessage(QUIET), "no command after DISCONNECT");
        assertEquals(0, fixture.liveWorkers("svc"));
    }

    // "The broker MUST respond to any valid but unexpected command by sending DISCONNECT": a REPLY
    // from a worker that was given no request.
    @Test
    void replyFromAnIdleWorkerIsAnsweredWithDisconnect() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        worker.reply(bytes("nobody"), "unasked");
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertEquals(0, fixture.liveWorkers("svc"));
    }

    // "The broker MUST respond to any valid but unexpected command by sending DISCONNECT": a REQUEST
    // is a broker-to-worker command.
    @Test
    void requestSentByAWorkerIsAnsweredWithDisconnect() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        worker.sendWorker(MdpCommand.REQUEST, bytes("addr"), MdpPeer.EMPTY, bytes("body"));
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertEquals(0, fixture.liveWorkers("svc"));
    }

    // "HEARTBEAT commands are valid at any time, after a READY command." Before READY it is unexpected.
    @Test
    void heartbeatBeforeReadyIsAnsweredWithDisconnect() {
        MdpPeer stranger = fixture.peer();
        stranger.sendWorker(MdpCommand.HEARTBEAT);
        assertNotNull(stranger.workerCommand(MdpCommand.DISCONNECT, WAIT));
    }

    // "The broker SHOULD respond to invalid messages by dropping them and treating that peer as invalid."
    @Test
    void unknownCommandByteDisconnectsTheWorkerAndIsCounted() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        worker.send(MdpPeer.EMPTY, Mdp.workerHeader(), new byte[] {0x07});
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertEquals(0, fixture.liveWorkers("svc"));
        assertEquals(1, fixture.broker.stats().malformedDropped());
    }

    // "When the broker receives DISCONNECT from a worker it MUST send no further commands to that worker."
    @Test
    void afterWorkerDisconnectTheBrokerSendsNothingMore() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        worker.sendWorker(MdpCommand.DISCONNECT);
        await().atMost(WAIT).until(() -> fixture.liveWorkers("svc") == 0);
        // A heartbeat the broker sent before it read the DISCONNECT may still be on its way: take
        // what arrives at once. A broker that kept heartbeating would still be caught below.
        int inFlight = 0;
        while (worker.anyWorkerMessage(Duration.ofMillis(50)) != null) {
            inFlight++;
        }
        assertTrue(inFlight <= 1, inFlight + " messages arrived right after the DISCONNECT was read");
        fixture.peer().sendClient("svc", "queued");
        assertNull(worker.anyWorkerMessage(QUIET), "neither heartbeat nor request after DISCONNECT");
        assertEquals(1, fixture.queued("svc"));
    }

    // "Both broker and worker MUST send heartbeats at regular and agreed-upon intervals."
    @Test
    void brokerSendsHeartbeatsToAnIdleWorkerEveryInterval() {
        MdpPeer worker = fixture.worker("svc");
        long start = System.nanoTime();
        long last = start;
        long longestGap = 0;
        int beats = 0;
        while (System.nanoTime() - start < HEARTBEAT.multipliedBy(8).toNanos()) {
            assertNotNull(worker.workerCommand(MdpCommand.HEARTBEAT, WAIT));
            long now = System.nanoTime();
            longestGap = Math.max(longestGap, now - last);
            last = now;
            beats++;
        }
        assertTrue(beats >= 5, "heartbeats in 8 intervals: " + beats);
        assertTrue(longestGap < HEARTBEAT.multipliedBy(3).toNanos(), "longest gap " + longestGap / 1_000_000 + " ms");
        assertEquals(1, fixture.liveWorkers("svc"), "a heartbeating worker stays registered");
    }

    // "Any received command except DISCONNECT acts as a heartbeat."
    @Test
    void repliesKeepABusyWorkerAliveWithoutHeartbeats() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        MdpPeer client = fixture.peer();
        long start = System.nanoTime();
        while (System.nanoTime() - start < QUIET.multipliedBy(2).toNanos()) {
            client.sendClient("svc", "ping");
            List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
            assertNotNull(request, "still routed to after " + (System.nanoTime() - start) / 1_000_000 + " ms");
            worker.reply(request.get(0), "pong");
            assertNotNull(client.clientReply("svc", WAIT));
            worker.receive(HEARTBEAT.dividedBy(2));
        }
        assertEquals(1, fixture.liveWorkers("svc"));
    }

    // "A peer MUST consider the other peer "disconnected" if no heartbeat arrives within some multiple
    // of that interval (usually 3-5)."
    @Test
    void silentWorkerIsConsideredDisconnectedAndNeverRoutedTo() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        await().atMost(WAIT).until(() -> fixture.liveWorkers("svc") == 0);
        fixture.peer().sendClient("svc", "for a live worker only");
        assertNull(worker.workerCommand(MdpCommand.REQUEST, QUIET));
        assertEquals(1, fixture.queued("svc"));
    }

    // "If the broker detects that the worked has disconnected, it SHOULD stop sending it messages of
    // any type."
    @Test
    void deadWorkerGetsNoMoreHeartbeats() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        await().atMost(WAIT).until(() -> fixture.liveWorkers("svc") == 0);
        while (worker.receive(Duration.ZERO) != null) {
            // discard what was sent before the broker gave up on it
        }
        assertNull(worker.anyWorkerMessage(QUIET));
    }

    // "Workers will handle at most one request a time, and will issue exactly one reply for each
    // successful request."
    @Test
    void workerGetsTheNextRequestOnlyAfterReplying() {
        MdpPeer worker = fixture.worker("svc");
        MdpPeer client = fixture.peer();
        client.sendClient("svc", "first");
        client.sendClient("svc", "second");
        List<byte[]> first = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertEquals("first", text(first.get(2)));
        assertNull(worker.workerCommand(MdpCommand.REQUEST, HEARTBEAT), "busy: nothing more yet");
        worker.reply(first.get(0), "1");
        List<byte[]> second = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertEquals("second", text(second.get(2)));
    }

    // "One worker handles precisely one service, and many workers MAY handle the same service."
    @Test
    void manyWorkersServeOneService() {
        MdpPeer one = fixture.worker("svc");
        MdpPeer two = fixture.worker("svc");
        MdpPeer client = fixture.peer();
        client.sendClient("svc", "a");
        client.sendClient("svc", "b");
        assertNotNull(one.workerCommand(MdpCommand.REQUEST, WAIT));
        assertNotNull(two.workerCommand(MdpCommand.REQUEST, WAIT));
        assertEquals(2, fixture.liveWorkers("svc"));
    }

    // "HEARTBEAT commands are valid at any time, after a READY command." Also while serving.
    @Test
    void heartbeatsFromABusyWorkerKeepItAliveAndItsReplyIsRouted() {
        MdpPeer worker = fixture.worker("svc");
        MdpPeer client = fixture.peer();
        client.sendClient("svc", "slow job");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, QUIET.multipliedBy(2)), "busy, heartbeating");
        assertEquals(1, fixture.liveWorkers("svc"));
        worker.reply(request.get(0), "finally");
        assertEquals("finally", text(client.clientReply("svc", WAIT).get(0)));
    }

    // "When the worker receives DISCONNECT it must send no further commands to the broker; it MUST
    // close its socket, and reconnect to the broker on a new socket. This mechanism allows workers to
    // re-register"
    @Test
    void disconnectedWorkerReRegistersOnANewSocket() {
        MdpPeer worker = fixture.worker("svc");
        worker.silent();
        worker.ready("svc");
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        worker.close();
        MdpPeer again = fixture.worker("svc");
        fixture.peer().sendClient("svc", "welcome back");
        assertNotNull(again.workerCommand(MdpCommand.REQUEST, WAIT));
    }

    // "A REPLY command consists of ... Frame 3: Client address (envelope stack)": the broker knows
    // which request each worker serves, so replies reach the right clients whatever their order.
    @Test
    void repliesReachTheirOwnClientsWhateverTheOrder() {
        // Clients first: their connection handshakes can take longer than a silent worker lives.
        MdpPeer alice = fixture.peer();
        MdpPeer bob = fixture.peer();
        MdpPeer one = fixture.worker("svc");
        MdpPeer two = fixture.worker("svc");
        alice.sendClient("svc", "alice");
        List<byte[]> first = one.workerCommand(MdpCommand.REQUEST, WAIT);
        bob.sendClient("svc", "bob");
        List<byte[]> second = two.workerCommand(MdpCommand.REQUEST, WAIT);
        two.reply(second.get(0), "for " + text(second.get(2)));
        one.reply(first.get(0), "for " + text(first.get(2)));
        assertEquals("for alice", text(alice.clientReply("svc", WAIT).get(0)));
        assertEquals("for bob", text(bob.clientReply("svc", WAIT).get(0)));
    }
}
