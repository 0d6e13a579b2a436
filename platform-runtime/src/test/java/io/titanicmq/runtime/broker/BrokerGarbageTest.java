package io.titanicmq.runtime.broker;

import static io.titanicmq.runtime.broker.MdpPeer.EMPTY;
import static io.titanicmq.runtime.broker.MdpPeer.bytes;
import static io.titanicmq.runtime.broker.MdpPeer.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Malformed input is dropped and counted, never breaks the loop: the next normal request works. */
@Timeout(30)
class BrokerGarbageTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private BrokerFixture fixture;
    private MdpPeer worker;
    private MdpPeer client;

    @BeforeEach
    void start() {
        fixture = new BrokerFixture(Duration.ofSeconds(1), Duration.ofSeconds(10));
        worker = fixture.worker("echo");
        client = fixture.peer();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void randomBytesAreDroppedAndCounted() {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[][] frames = new byte[1 + random.nextInt(5)][];
            for (int f = 0; f < frames.length; f++) {
                frames[f] = new byte[random.nextInt(40)];
                random.nextBytes(frames[f]);
            }
            frames[0] = frames[0].length == 0 ? new byte[] {1} : frames[0];
            client.send(frames);
        }
        awaitDropped(20);
        assertNormalRequestWorks();
    }

    @Test
    void wrongClientHeaderIsDroppedAndCounted() {
        client.send(EMPTY, bytes("MDPC02"), bytes("echo"), bytes("body"));
        client.send(EMPTY, bytes("mdpc01"), bytes("echo"), bytes("body"));
        awaitDropped(2);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(200)));
        assertNormalRequestWorks();
    }

    @Test
    void clientRequestsWithMissingFramesAreDroppedAndCounted() {
        client.send(EMPTY);
        client.send(EMPTY, Mdp.clientHeader());
        client.send(EMPTY, Mdp.clientHeader(), bytes("echo"));
        client.send(EMPTY, Mdp.clientHeader(), EMPTY, bytes("body"));
        awaitDropped(4);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(200)));
        assertNormalRequestWorks();
    }

    @Test
    void unknownCommandByteFromAStrangerIsCountedAndAnsweredWithDisconnect() {
        MdpPeer stranger = fixture.peer();
        stranger.send(EMPTY, Mdp.workerHeader(), new byte[] {0x09});
        stranger.send(EMPTY, Mdp.workerHeader(), new byte[] {0x01, 0x02});
        stranger.send(EMPTY, Mdp.workerHeader());
        awaitDropped(3);
        assertNotNull(stranger.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertEquals(1, fixture.liveWorkers("echo"), "the real worker is untouched");
        assertNormalRequestWorks();
    }

    @Test
    void overlongServiceNamesAreRefusedInReadyAndInRequests() {
        // regression: a READY naming a 24 MiB "service" was registered, and hashing that name on
        // every later look-up stalled the broker for seconds
        byte[] name = new byte[InboundHandler.MAX_SERVICE_BYTES + 1];
        java.util.Arrays.fill(name, (byte) 'x');
        MdpPeer rogue = fixture.peer();
        rogue.send(EMPTY, Mdp.workerHeader(), MdpCommand.READY.frame(), name);
        client.send(EMPTY, Mdp.clientHeader(), name, bytes("body"));
        awaitDropped(2);
        assertNotNull(rogue.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertEquals(java.util.Map.of("echo", 1), fixture.broker.stats().liveWorkersByService());
        assertEquals(java.util.Map.of(), fixture.broker.stats().queuedByService());
        assertNormalRequestWorks();
    }

    @Test
    void oversizeMessageNeverReachesAWorker() {
        byte[] huge = new byte[(int) fixture.settings.maxMessageSize() + 1];
        client.send(EMPTY, Mdp.clientHeader(), bytes("echo"), huge);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(300)));
        client = fixture.peer();
        assertNormalRequestWorks();
    }

    private void awaitDropped(long count) {
        await().atMost(WAIT).until(() -> fixture.broker.stats().malformedDropped() == count);
    }

    private void assertNormalRequestWorks() {
        client.sendClient("echo", "still alive?");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request, "the broker still routes");
        worker.reply(request.get(0), "yes");
        List<byte[]> reply = client.clientReply("echo", WAIT);
        assertNotNull(reply);
        assertEquals("yes", text(reply.get(0)));
    }
}
