package io.titanicmq.runtime.titanic;

import com.typesafe.config.Config;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.store.PendingRequest;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.StoreMonitor;
import io.titanicmq.runtime.store.StoreSettings;
import io.titanicmq.runtime.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Titanic role: opens the store (recovering it), re-queues every stored request without a
 * reply, and answers the TSP services through the broker.
 */
public final class Titanic implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Titanic.class);

    private final RequestStore store;
    private final Dispatcher dispatcher;
    private final TitanicServices services;

    /**
     * Opens the store and registers the services on {@code broker}, which must not be started yet.
     *
     * @param titanic the {@code titanic} config subtree
     * @param broker the co-hosted broker
     */
    public Titanic(Config titanic, Broker broker) {
        DispatcherSettings settings = DispatcherSettings.from(titanic);
        StoreSettings storeSettings = StoreSettings.from(titanic);
        try {
            this.store = Stores.open(storeSettings, StoreMonitor.logging());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the store in " + storeSettings.dir() + ": " + e.getMessage(), e);
        }
        // A group commit's callbacks reply to clients and feed the dispatcher, all on the broker
        // thread: one wake-up of it per group, not one per request.
        store.completeIn(broker::batchHandOffs);
        // The appends of one broker turn (a burst of titanic.request, the replies hosted workers
        // sent) go to the journal together and share one fsync.
        broker.runTurnsIn(store::holdingAppends);
        Limits limits = Limits.from(titanic);
        this.dispatcher = new Dispatcher(broker, store, settings, limits.maxReplySize());
        this.services = new TitanicServices(store, dispatcher, new AdmissionControl(limits, store, storeSettings.dir()));
        services.register(broker);
    }

    /** Reads the dispatcher and store settings, throwing on the first bad value. */
    public static void validate(Config titanic) {
        DispatcherSettings.from(titanic);
        StoreSettings.from(titanic);
        Limits.from(titanic);
    }

    /** Re-queues the recovered requests; call once the broker runs. */
    public void start() {
        List<PendingRequest> pending = store.pending();
        for (PendingRequest p : pending) {
            dispatcher.enqueue(p.id(), p.service(), null, p.attempts()); // bodies are read when their turn comes
        }
        LOG.info("titanic ready: {} recovered request(s) re-queued; store {}", pending.size(), store.stats());
    }

    @Override
    public void close() {
        services.close();
        dispatcher.close();
        store.close();
    }
}
