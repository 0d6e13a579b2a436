package io.titanicmq.runtime.broker;

import static io.titanicmq.runtime.broker.MdpPeer.text;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** 8/MMI: one test per MUST clause, quoted above it, plus the live-worker rule of mmi.service. */
@Timeout(30)
class MmiSpecTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(150);
    private static final Duration WAIT = Duration.ofSeconds(5);
    private BrokerFixture fixture;
    private MdpPeer client;

    @BeforeEach
    void start() {
        fixture = new BrokerFixture(HEARTBEAT, Duration.ofSeconds(10),
                broker -> broker.registerInternal("inside", request -> request.reply(List.of(new byte[] {1}))));
        client = fixture.peer();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String mmiService(String asked) {
        client.sendClient(Mdp.MMI_SERVICE, asked);
        List<byte[]> reply = client.clientReply(Mdp.MMI_SERVICE, WAIT);
        assertNotNull(reply, "mmi.service answered");
        assertEquals(1, reply.size(), "one status frame");
        return text(reply.get(0));
    }

    // "An MMI broker implementation MUST handle all services that start with "mmi." internally."
    @Test
    void mmiServicesAreAnsweredByTheBrokerWithoutAnyWorker() {
        assertEquals(Mdp.MMI_NOT_FOUND, mmiService("echo"));
        assertEquals(0, fixture.queued(Mdp.MMI_SERVICE), "not queued for a worker");
    }

    // "It MUST disconnect any workers that attempt to register servics in this namespace."
    @Test
    void workerRegisteringAnMmiServiceIsDisconnected() {
        MdpPeer worker = fixture.peer();
        worker.ready("mmi.mine");
        assertNotNull(worker.workerCommand(MdpCommand.DISCONNECT, WAIT));
        assertEquals(0, fixture.liveWorkers("mmi.mine"));
        assertEquals(Mdp.MMI_NOT_IMPLEMENTED, replyOf("mmi.mine"), "still the broker's own namespace");
    }

    // "mmi.service - accepts a request containing a service name, responds with "200" (Found) if
    // there is at least one worker registered for the service"
    @Test
    void mmiServiceAnswers200WhenAWorkerIsRegistered() {
        fixture.worker("echo");
        assertEquals(Mdp.MMI_FOUND, mmiService("echo"));
    }

    // "... or "404" (Not found) if there are no workers registered for the service."
    @Test
    void mmiServiceAnswers404ForAServiceOnlyAskedFor() {
        client.sendClient("wanted", "queued request");
        await().atMost(WAIT).until(() -> fixture.queued("wanted") == 1);
        assertEquals(Mdp.MMI_NOT_FOUND, mmiService("wanted"));
    }

    // Registered means live: a dead worker no longer counts.
    @Test
    void mmiServiceAnswers404AfterTheOnlyWorkerDied() {
        MdpPeer worker = fixture.worker("echo");
        assertEquals(Mdp.MMI_FOUND, mmiService("echo"));
        worker.silent();
        await().atMost(WAIT).until(() -> fixture.liveWorkers("echo") == 0);
        assertEquals(Mdp.MMI_NOT_FOUND, mmiService("echo"));
    }

    @Test
    void mmiServiceAnswers200ForAnInternalService() {
        assertEquals(Mdp.MMI_FOUND, mmiService("inside"));
    }

    // "Any unimplemented services in the "mmi." namespace MUST result in a reply "501" (Not implemented)."
    @Test
    void unimplementedMmiServiceAnswers501() {
        assertEquals(Mdp.MMI_NOT_IMPLEMENTED, replyOf("mmi.nothing"));
    }

    private String replyOf(String service) {
        client.sendClient(service, "x");
        List<byte[]> reply = client.clientReply(service, WAIT);
        assertNotNull(reply);
        return text(reply.get(0));
    }

    @Test
    void mmiServiceDoesNotCreateServiceEntries() {
        for (int i = 0; i < 20; i++) {
            assertEquals(Mdp.MMI_NOT_FOUND, mmiService("random-" + i));
        }
        assertNull(fixture.broker.stats().queuedByService().get("random-0"));
        assertEquals(0, fixture.broker.stats().liveWorkersByService().size());
    }
}
