package io.titanicmq.runtime.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.api.protocol.MdpCommand;
import io.titanicmq.runtime.security.AccessList;
import io.titanicmq.runtime.security.SecuritySettings;
import io.titanicmq.runtime.security.ZapHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The broker with CurveZMQ and ZAP allow-lists: which keys get in, which may request, which may
 * register which service, and what the internal services learn about the caller.
 */
@Timeout(30)
class BrokerCurveTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SILENCE = Duration.ofMillis(1500);

    private final ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair admin = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair echoWorker = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair reportWorker = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair stranger = ZMQ.Curve.generateKeyPair();
    private final List<MdpPeer> peers = new ArrayList<>();
    private ZContext context;
    private ZapHandler zap;
    private Broker broker;

    @BeforeEach
    void start() {
        SecuritySettings settings = new SecuritySettings(true, false, Path.of("."), server.publicKey, server.secretKey,
                Set.of(client.publicKey), Set.of(admin.publicKey),
                Map.of(echoWorker.publicKey, Set.of("echo"), reportWorker.publicKey, Set.of("report")));
        AccessList access = new AccessList(settings);
        context = new ZContext();
        zap = new ZapHandler(context, access);
        zap.start();
        broker = new Broker(context, new BrokerSettings("tcp://127.0.0.1:*", Duration.ofMillis(500), 3,
                Duration.ofSeconds(10), 1 << 20), access);
        broker.registerInternal("whoami", r -> r.reply(List.of(
                MdpPeer.bytes(String.valueOf(r.caller().key())), MdpPeer.bytes(String.valueOf(r.caller().privileged())))));
        broker.start();
    }

    @AfterEach
    void stop() {
        peers.forEach(MdpPeer::close);
        broker.close();
        zap.close();
        context.close();
    }

    @Test
    void clientWithAnAllowedKeyIsAnsweredAndTheServiceLearnsItsKey() {
        MdpPeer peer = connect(client);
        peer.sendClient("whoami", "?");
        List<byte[]> reply = peer.clientReply("whoami", WAIT);
        assertNotNull(reply);
        assertEquals(client.publicKey, MdpPeer.text(reply.get(0)));
        assertEquals("false", MdpPeer.text(reply.get(1)), "a client key is not privileged");
    }

    @Test
    void adminKeyIsPrivileged() {
        MdpPeer peer = connect(admin);
        peer.sendClient("whoami", "?");
        List<byte[]> reply = peer.clientReply("whoami", WAIT);
        assertNotNull(reply);
        assertEquals(admin.publicKey, MdpPeer.text(reply.get(0)));
        assertEquals("true", MdpPeer.text(reply.get(1)));
    }

    @Test
    void unknownKeyIsRefusedAtTheHandshakeAndGetsNoAnswer() {
        MdpPeer peer = open(stranger);
        // Queued until the handshake, which fails: a DEALER without a peer would block a second send.
        peer.sendClient("mmi.service", "echo");
        assertNull(peer.clientReply("mmi.service", SILENCE), "an unknown key must get no answer");
        await().atMost(WAIT).until(() -> zap.refused() >= 1);
        assertEquals(0, zap.admitted());
    }

    @Test
    void withoutAZapHandlerEvenAnAllowedKeyGetsNoAnswer() {
        // JeroMQ admits a CURVE peer without User-Id when no ZAP handler is bound; the broker must
        // then refuse its messages rather than trust it (fail closed).
        zap.close();
        MdpPeer peer = open(client);
        peer.sendClient("whoami", "?");
        assertNull(peer.clientReply("whoami", SILENCE));
    }

    @Test
    void plaintextPeerGetsNoAnswerFromACurveBroker() {
        MdpPeer peer = MdpPeer.open(context, broker.endpoint(), null);
        peers.add(peer);
        peer.sendClient("mmi.service", "echo");
        assertNull(peer.clientReply("mmi.service", SILENCE));
    }

    @Test
    void rogueWorkerRegisteringAServiceItMayNotServeIsDisconnectedAndGetsNoRequest() {
        MdpPeer rogue = open(reportWorker);
        List<byte[]> disconnect = null;
        for (int attempt = 0; attempt < 5 && disconnect == null; attempt++) {
            rogue.ready("echo");
            disconnect = rogue.workerCommand(MdpCommand.DISCONNECT, Duration.ofSeconds(2));
        }
        assertNotNull(disconnect, "READY for a service the key may not serve is answered with DISCONNECT");
        MdpPeer legit = registeredWorker(echoWorker, "echo");
        MdpPeer requester = connect(client);
        requester.sendClient("echo", "secret");
        List<byte[]> request = legit.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request, "the allowed echo worker gets the request");
        assertEquals("secret", MdpPeer.text(request.get(request.size() - 1)));
        assertNull(rogue.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(500)), "the rogue worker gets nothing");
        assertEquals(1, liveWorkers("echo"));
    }

    @Test
    void workerKeyMayRegisterItsOwnService() {
        registeredWorker(reportWorker, "report");
        assertEquals(1, liveWorkers("report"));
    }

    @Test
    void workerKeyCannotSendClientRequests() {
        MdpPeer peer = open(echoWorker);
        peer.sendClient("whoami", "?");
        assertNull(peer.clientReply("whoami", SILENCE));
    }

    @Test
    void inprocPeersAreTrustedWithoutKeys() {
        MdpPeer worker = MdpPeer.open(context, broker.inprocEndpoint(), null).heartbeating(Duration.ofMillis(500));
        peers.add(worker);
        worker.ready("anything");
        await().atMost(WAIT).until(() -> liveWorkers("anything") == 1);
        MdpPeer inprocClient = MdpPeer.connect(context, broker.inprocEndpoint());
        peers.add(inprocClient);
        inprocClient.sendClient("whoami", "?");
        List<byte[]> reply = inprocClient.clientReply("whoami", WAIT);
        assertNotNull(reply);
        assertEquals("null", MdpPeer.text(reply.get(0)));
        assertEquals("true", MdpPeer.text(reply.get(1)), "an in-process peer is trusted");
    }

    private MdpPeer registeredWorker(ZMQ.Curve.KeyPair keys, String service) {
        MdpPeer worker = open(keys).heartbeating(Duration.ofMillis(500));
        for (int attempt = 0; attempt < 5 && liveWorkers(service) == 0; attempt++) {
            worker.ready(service);
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (liveWorkers(service) == 0 && System.nanoTime() < deadline) {
                worker.receive(Duration.ofMillis(50));
            }
        }
        assertEquals(1, liveWorkers(service), "the worker registered " + service);
        return worker;
    }

    private int liveWorkers(String service) {
        return broker.stats().liveWorkersByService().getOrDefault(service, 0);
    }

    private MdpPeer connect(ZMQ.Curve.KeyPair keys) {
        MdpPeer peer = MdpPeer.connect(context, broker.endpoint(), credentials(keys));
        peers.add(peer);
        return peer;
    }

    private MdpPeer open(ZMQ.Curve.KeyPair keys) {
        MdpPeer peer = MdpPeer.open(context, broker.endpoint(), credentials(keys));
        peers.add(peer);
        return peer;
    }

    private CurveCredentials credentials(ZMQ.Curve.KeyPair keys) {
        return new CurveCredentials(server.publicKey, keys.publicKey, keys.secretKey);
    }
}
