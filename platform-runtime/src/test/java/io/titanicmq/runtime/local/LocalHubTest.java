package io.titanicmq.runtime.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalHubTest {

    private final String endpoint = "inproc://local-hub-test-" + UUID.randomUUID();
    private final AtomicInteger brokerWakes = new AtomicInteger();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLinkSendsWithItsIdentityInFrontAndReceivesWhatIsDeliveredToIt() {
        try (LocalHub hub = LocalHub.bind(endpoint, brokerWakes::incrementAndGet)) {
            AtomicInteger peerWakes = new AtomicInteger();
            LocalLink link = hub.connect(peerWakes::incrementAndGet);
            assertTrue(link.send(List.of(bytes(""), bytes("hello"))));
            List<byte[]> got = hub.poll();
            assertEquals(3, got.size());
            byte[] identity = got.get(0);
            assertTrue(LocalHub.isLocalIdentity(identity));
            assertArrayEquals(bytes("hello"), got.get(2));
            assertEquals(1, brokerWakes.get());
            assertNull(hub.poll());

            assertFalse(link.hasInput());
            assertTrue(hub.deliver(identity, List.of(bytes("answer"))));
            assertTrue(link.hasInput());
            assertEquals(1, peerWakes.get());
            assertArrayEquals(bytes("answer"), link.receive().get(0));
            assertNull(link.receive());
        }
    }

    @Test
    void identitiesAreDistinctAndNeverShapedLikeARouters() {
        try (LocalHub hub = LocalHub.bind(endpoint, () -> { })) {
            List<byte[]> identities = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                hub.connect(() -> { }).send(List.of(bytes("x")));
                identities.add(hub.poll().get(0));
            }
            assertEquals(100, identities.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).distinct().count());
            // A ROUTER names an anonymous peer with 5 bytes, the first zero.
            assertFalse(LocalHub.isLocalIdentity(new byte[] {0, 0, 0, 0, 1}));
            assertFalse(LocalHub.isLocalIdentity(bytes("a-peer-chosen-id!")));
        }
    }

    @Test
    void aClosedLinkNeitherSendsNorReceives() {
        try (LocalHub hub = LocalHub.bind(endpoint, brokerWakes::incrementAndGet)) {
            LocalLink link = hub.connect(() -> { });
            link.send(List.of(bytes("one")));
            byte[] identity = hub.poll().get(0);
            link.close();
            assertFalse(link.isOpen());
            assertFalse(link.send(List.of(bytes("two"))));
            assertNull(hub.poll());
            assertFalse(hub.deliver(identity, List.of(bytes("late"))), "dropped, as a ROUTER drops for a gone peer");
            assertNull(link.receive());
        }
    }

    @Test
    void closingTheHubUnbindsItAndClosesItsLinks() {
        LocalHub hub = LocalHub.bind(endpoint, () -> { });
        assertSame(hub, LocalHub.find(endpoint).orElseThrow());
        LocalLink link = hub.connect(() -> { });
        hub.close();
        assertTrue(LocalHub.find(endpoint).isEmpty());
        assertFalse(link.isOpen());
        assertFalse(link.send(List.of(bytes("after close"))));
        LocalLink late = hub.connect(() -> { });
        assertFalse(late.isOpen(), "a link to a closed hub is closed from the start");
        LocalHub again = LocalHub.bind(endpoint, () -> { });
        assertNotEquals(hub, again);
        again.close();
    }

    @Test
    void anEndpointTakesOneHub() {
        try (LocalHub hub = LocalHub.bind(endpoint, () -> { })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalHub.bind(endpoint, () -> { }));
            assertTrue(e.getMessage().contains(endpoint), e.getMessage());
            assertSame(hub, LocalHub.find(endpoint).orElseThrow());
        }
    }
}
