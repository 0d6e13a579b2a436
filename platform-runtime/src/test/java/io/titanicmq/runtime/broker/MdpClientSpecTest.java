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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/** 7/MDP, MDP/Client: one test per MUST/SHALL (and the SHOULDs the broker implements). */
@Timeout(30)
class MdpClientSpecTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private BrokerFixture fixture;

    @BeforeEach
    void start() {
        fixture = new BrokerFixture(Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    // "The broker MUST use a ROUTER socket to accept requests from clients, and connections from
    // workers. The broker MAY use a separate socket for each sub-protocol, or MAY use a single
    // socket for both sub-protocols."
    @Test
    void clientsAndWorkersShareTheOneBoundEndpoint() {
        MdpPeer worker = fixture.worker("echo");
        MdpPeer client = fixture.peer();
        client.sendClient("echo", "hello");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request, "the worker on the same endpoint got the client's request");
        worker.reply(request.get(0), "hello back");
        assertEquals("hello back", text(client.clientReply("echo", WAIT).get(0)));
    }

    // "A REPLY command consists of a multipart message of 4 or more frames, formatted on the wire as
    // follows: Frame 0: Empty ... Frame 1: "MDPC01" ... Frame 2: Service name ... Frames 3+: Reply body"
    @Test
    void replyToADealerClientIsEmptyHeaderServiceAndBody() {
        MdpPeer worker = fixture.worker("echo");
        MdpPeer client = fixture.peer();
        client.sendClient("echo", "a", "b");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        worker.reply(request.get(0), "x", "y");
        List<byte[]> frames;
        do {
            frames = client.receive(WAIT);
            assertNotNull(frames);
        } while (!text(frames.get(2)).equals("echo"));
        assertEquals(5, frames.size());
        assertEquals(0, frames.get(0).length);
        assertTrue(Mdp.isClientHeader(frames.get(1)));
        assertEquals("x", text(frames.get(3)));
        assertEquals("y", text(frames.get(4)));
    }

    // "Clients SHOULD use a REQ socket when implementing a synchronous request-reply pattern. The REQ
    // socket will silently create frame 0 for outgoing requests, and remove it for replies"
    @Test
    void reqClientGetsHeaderServiceAndBody() {
        MdpPeer worker = fixture.worker("echo");
        List<byte[]> reply = null;
        for (int attempt = 0; attempt < 10 && reply == null; attempt++) {
            try (ZMQ.Socket req = fixture.context.createSocket(SocketType.REQ)) {
                req.setReceiveTimeOut(1000);
                req.connect(fixture.broker.endpoint());
                req.send(Mdp.clientHeader(), ZMQ.SNDMORE);
                req.send(bytes("echo"), ZMQ.SNDMORE);
                req.send(bytes("from req"));
                List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(500));
                if (request != null) {
                    worker.reply(request.get(0), "to req");
                    reply = readAll(req);
                }
            }
        }
        assertNotNull(reply, "the REQ client got a reply");
        assertEquals(3, reply.size());
        assertTrue(Mdp.isClientHeader(reply.get(0)));
        assertEquals("echo", text(reply.get(1)));
        assertEquals("to req", text(reply.get(2)));
    }

    // "Clients MAY use a DEALER (XREQ) socket when implementing an asynchronous pattern. In that case
    // the clients MUST create the empty frame 0 explicitly." A request without it is not MDP.
    @Test
    void dealerRequestWithoutEmptyFrameIsDroppedAndCounted() {
        MdpPeer worker = fixture.worker("echo");
        MdpPeer client = fixture.peer();
        long before = fixture.broker.stats().malformedDropped();
        client.send(Mdp.clientHeader(), bytes("echo"), bytes("body"));
        await().atMost(WAIT).until(() -> fixture.broker.stats().malformedDropped() == before + 1);
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(300)));
    }

    // "The broker SHOULD queue client requests for which no service has been registered"
    @Test
    void requestForAServiceWithoutWorkersWaitsForTheFirstWorker() {
        MdpPeer client = fixture.peer();
        client.sendClient("late", "early request");
        await().atMost(WAIT).until(() -> fixture.queued("late") == 1);
        MdpPeer worker = fixture.peer().heartbeating(Duration.ofSeconds(1));
        worker.ready("late");
        List<byte[]> request = worker.workerCommand(MdpCommand.REQUEST, WAIT);
        assertNotNull(request);
        assertEquals("early request", text(request.get(2)));
    }

    // "... and SHOULD expire these requests after a reasonable and configurable time if no service
    // has been registered."
    @Test
    void requestForAServiceWithoutWorkersExpiresAfterTheConfiguredTime() {
        MdpPeer client = fixture.peer();
        client.sendClient("nobody", "lost");
        await().atMost(WAIT).until(() -> fixture.broker.stats().expired() == 1);
        assertEquals(0, fixture.queued("nobody"));
        MdpPeer worker = fixture.peer().heartbeating(Duration.ofSeconds(1));
        worker.ready("nobody");
        assertNull(worker.workerCommand(MdpCommand.REQUEST, Duration.ofMillis(300)),
                "an expired request is never delivered");
    }

    static List<byte[]> readAll(ZMQ.Socket socket) {
        byte[] first = socket.recv();
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(List.of(first));
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv());
        }
        return frames;
    }
}
