package io.titanicmq.runtime.broker;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.zeromq.ZContext;

/** A started broker on {@code tcp://127.0.0.1:*} plus the peers a test connects; closes them all. */
final class BrokerFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);

    final ZContext context = new ZContext();
    final Broker broker;
    final BrokerSettings settings;
    private final List<MdpPeer> peers = new ArrayList<>();

    BrokerFixture(Duration heartbeat, Duration expiry) {
        this(heartbeat, expiry, null);
    }

    /** @param setup called before start, e.g. to register internal services; may be null */
    BrokerFixture(Duration heartbeat, Duration expiry, Consumer<Broker> setup) {
        this(new BrokerSettings("tcp://127.0.0.1:*", heartbeat, 3, expiry, 1 << 20), setup);
    }

    /** @param setup called before start, e.g. to register internal services; may be null */
    BrokerFixture(BrokerSettings settings, Consumer<Broker> setup) {
        this.settings = settings;
        broker = new Broker(context, settings);
        if (setup != null) {
            setup.accept(broker);
        }
        broker.start();
    }

    /** A connected peer, answered once by the broker. */
    MdpPeer peer() {
        MdpPeer peer = MdpPeer.connect(context, broker.endpoint());
        peers.add(peer);
        return peer;
    }

    /** A worker of {@code service}, registered (the broker counts it) and heartbeating. */
    MdpPeer worker(String service) {
        int before = liveWorkers(service);
        MdpPeer worker = peer().heartbeating(settings.heartbeatInterval());
        worker.ready(service);
        await().atMost(WAIT).until(() -> liveWorkers(service) == before + 1);
        return worker;
    }

    int liveWorkers(String service) {
        return broker.stats().liveWorkersByService().getOrDefault(service, 0);
    }

    int queued(String service) {
        return broker.stats().queuedByService().getOrDefault(service, 0);
    }

    @Override
    public void close() {
        peers.forEach(MdpPeer::close);
        broker.close();
        context.close();
    }
}
