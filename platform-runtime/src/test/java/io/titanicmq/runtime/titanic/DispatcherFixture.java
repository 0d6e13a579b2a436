package io.titanicmq.runtime.titanic;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.BrokerSettings;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.StoreMonitor;
import io.titanicmq.runtime.store.StoreSettings;
import io.titanicmq.runtime.store.Stores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.zeromq.ZContext;

/**
 * What a dispatcher test runs on: the {@code titanic} config with the given settings over the
 * defaults, a real journal in {@code dir} (no fsync), and a started broker on loopback. Closes the
 * broker, the store and the context, in that order.
 */
final class DispatcherFixture implements AutoCloseable {

    final Config titanic;
    final ZContext context = new ZContext();
    final RequestStore store;
    final Broker broker;

    DispatcherFixture(Path dir, Map<String, Object> settings) throws IOException {
        this(dir, settings, Duration.ofSeconds(5));
    }

    /** @param requestExpiry how long the broker keeps a request no worker took */
    DispatcherFixture(Path dir, Map<String, Object> settings, Duration requestExpiry) throws IOException {
        Map<String, Object> all = new HashMap<>(settings);
        all.put("data-dir", dir.toString());
        all.put("store.dir", dir.resolve("journal").toString());
        all.put("store.fsync", "false");
        titanic = ConfigFactory.parseMap(all).withFallback(ConfigFactory.defaultReference().getConfig("titanic"));
        store = Stores.open(StoreSettings.from(titanic), new StoreMonitor() { });
        broker = new Broker(context, new BrokerSettings("tcp://127.0.0.1:*", Duration.ofMillis(250), 3,
                requestExpiry, 1 << 20));
        broker.start();
    }

    /** A dispatcher on this broker and store, with the config's settings and no reply size limit. */
    Dispatcher dispatcher() {
        return new Dispatcher(broker, store, DispatcherSettings.from(titanic), Long.MAX_VALUE);
    }

    @Override
    public void close() {
        broker.close();
        store.close();
        context.close();
    }
}
