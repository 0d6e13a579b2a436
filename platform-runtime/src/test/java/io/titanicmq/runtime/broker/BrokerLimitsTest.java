package io.titanicmq.runtime.broker;

import static io.titanicmq.runtime.broker.MdpPeer.EMPTY;
import static io.titanicmq.runtime.broker.MdpPeer.bytes;
import static io.titanicmq.runtime.broker.MdpPeer.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The broker's limits: {@code max-frames} and {@code max-message-size} of a message's body, the
 * frames after its 7/MDP envelope (dropped and counted; a {@code titanic.*} request is answered
 * {@code 500}; a worker is disconnected), and {@code max-message-size} per frame, which ZeroMQ
 * applies on the socket.
 */
@Timeout(30)
class BrokerLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int MAX_FRAMES = 16;
    private static final int MAX_FRAME_SIZE = 64 * 1024;
    private BrokerFixture fixture;
    private MdpPeer worker;
    private MdpPeer client;
    private final List<List<byte[]>> internalCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        BrokerSettings settings = new BrokerSettings("tcp://127.0.0.1:*", Duration.ofSeconds(1), 3,
                Duration.ofSeconds(10), MAX_FRAME_SIZE, MAX_FRAMES);
        fixture = new BrokerFixture(settings, broker -> broker.registerInternal("titanic.test", request -> {
            internalCalls.add(request.body());
            request.reply(List.of(bytes("200")));
        }));
        worker = fixture.worker("echo");
        client = fixture.peer();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void clientRequestWithTooManyFramesIsDroppedAndCountedWithoutAnAnswer() {
        client.send(clientRequest("echo", MAX_FRAMES + 1));
        await().atMost(WAIT).until(() -> fixture.broker.stats().malformedDropped() == 1);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(300)), "never reaches a worker");
        assertNull(client.clientReply("echo", Duration.ofMillis(300)), "7/MDP has no error reply for a worker service");
        assertNormalRequestWorks();
    }

    @Test
    void requestAtTheFrameLimitIsRoutedWhole() {
        client.send(clientRequest("echo", MAX_FRAMES));
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request);
        assertEquals(MAX_FRAMES, request.size() - 2, "every body frame arrives");
    }

    /**
     * A worker's REPLY has a larger envelope than the request it answers ({@code [REPLY][address][""]}
     * against {@code [service]}): an echo of a request at both limits must still reach the client,
     * and the worker stays. The fuzz suite found hosted echo workers disconnected for exactly that.
     */
    @Test
    void replyEchoingARequestAtBothLimitsIsDeliveredAndTheWorkerStays() {
        String[] body = new String[MAX_FRAMES];
        java.util.Arrays.fill(body, "x");
        client.sendClient("echo", body);
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request);
        worker.reply(request.get(0), body);
        List<byte[]> reply = client.clientReply("echo", WAIT);
        assertNotNull(reply, "the echo of a request at max-frames arrives");
        assertEquals(MAX_FRAMES, reply.size());

        byte[] full = new byte[MAX_FRAME_SIZE - 1];
        client.send(EMPTY, Mdp.clientHeader(), bytes("echo"), full, new byte[1]);
        request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request, "a body of exactly max-message-size is routed");
        worker.send(EMPTY, Mdp.workerHeader(), MdpCommand.REPLY.frame(), request.get(0), EMPTY, full, new byte[1]);
        reply = client.clientReply("echo", WAIT);
        assertNotNull(reply, "its echo arrives");
        assertEquals(MAX_FRAME_SIZE - 1, reply.get(0).length);
        assertEquals(0, fixture.broker.stats().malformedDropped());
        assertEquals(1, fixture.liveWorkers("echo"), "the worker was not disconnected");
    }

    @Test
    void titanicRequestWithTooManyFramesIsAnswered500WithTheReason() {
        client.send(clientRequest("titanic.test", 100));
        List<byte[]> reply = client.clientReply("titanic.test", WAIT);
        assertNotNull(reply);
        assertEquals("500 too many frames: 100, limit " + MAX_FRAMES + " (titanic.broker.max-frames)", text(reply.get(0)));
        assertEquals(List.of(), internalCalls, "the service never saw it");
        assertEquals(1, fixture.broker.stats().malformedDropped());
        client.sendClient("titanic.test", "fine");
        assertEquals("200", text(client.clientReply("titanic.test", WAIT).get(0)));
    }

    @Test
    void workerSendingTooManyFramesIsDisconnected() {
        client.sendClient("echo", "job");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request);
        String[] body = new String[MAX_FRAMES + 1];
        java.util.Arrays.fill(body, "x");
        worker.reply(request.get(0), body);
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        await().atMost(WAIT).until(() -> fixture.liveWorkers("echo") == 0);
        assertNull(client.clientReply("echo", Duration.ofMillis(300)));
    }

    @Test
    void messageOverMaxMessageSizeInAllIsDroppedAtTheBrokerAndAnswered500ForTitanic() {
        byte[] half = new byte[MAX_FRAME_SIZE / 2];
        client.send(EMPTY, Mdp.clientHeader(), bytes("echo"), half, half, new byte[1]);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(300)), "frames under the limit, the sum over it");
        await().atMost(WAIT).until(() -> fixture.broker.stats().malformedDropped() == 1);

        client.send(EMPTY, Mdp.clientHeader(), bytes("titanic.test"), half, half, new byte[1]);
        List<byte[]> reply = client.clientReply("titanic.test", WAIT);
        assertNotNull(reply);
        // The body: the two halves and one byte; the envelope ("", "MDPC01", "titanic.test") is not counted.
        assertEquals("500 message too large: " + (MAX_FRAME_SIZE + 1) + " bytes, limit " + MAX_FRAME_SIZE
                + " bytes (titanic.broker.max-message-size)", text(reply.get(0)));

        byte[] fits = new byte[MAX_FRAME_SIZE / 2 - 1024];
        client.send(EMPTY, Mdp.clientHeader(), bytes("echo"), fits, fits);
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request, "just under the limit in all: routed");
        worker.reply(request.get(0), "ok");
        assertNotNull(client.clientReply("echo", WAIT));
    }

    @Test
    void frameOverMaxMessageSizeIsDroppedByZeroMqOnTheSocket() {
        client.send(EMPTY, Mdp.clientHeader(), bytes("echo"), new byte[MAX_FRAME_SIZE + 1]);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(300)), "one frame over: dropped by ZeroMQ");
        assertEquals(0, fixture.broker.stats().malformedDropped(), "the broker never saw it");
        client = fixture.peer();
        assertNormalRequestWorks();
    }

    @Test
    void maxFramesIsReadFromTheConfigAndValidated() {
        BrokerSettings settings = BrokerSettings.from(ConfigFactory.load().getConfig("titanic"));
        assertEquals(BrokerSettings.DEFAULT_MAX_FRAMES, settings.maxFrames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BrokerSettings.from(
                ConfigFactory.parseString("titanic.broker.max-frames = 3").withFallback(ConfigFactory.load()).getConfig("titanic")));
        assertTrue(e.getMessage().contains("titanic.broker.max-frames"), e.getMessage());
    }

    /** {@code [""][MDPC01][service][body...]} with {@code bodyFrames} body frames. */
    private static byte[][] clientRequest(String service, int bodyFrames) {
        List<byte[]> message = new ArrayList<>(List.of(EMPTY, Mdp.clientHeader(), bytes(service)));
        while (message.size() < bodyFrames + 3) {
            message.add(bytes("f" + message.size()));
        }
        return message.toArray(new byte[0][]);
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
