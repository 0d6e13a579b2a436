package io.titanicmq.runtime.titanic;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.BrokerSettings;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.StoreMonitor;
import io.titanicmq.runtime.store.StoreSettings;
import io.titanicmq.runtime.store.Stores;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Regression: closing the dispatcher interrupted its thread, and an interrupt landing while that
 * thread handed a request to the broker closed the broker's wake-up pipe, so the broker could no
 * longer be queried or closed (the server's shutdown then logged "stopping Broker failed").
 */
@Timeout(60)
class DispatcherCloseTest {

    private static final int ROUNDS = 15;
    private static final int REQUESTS = 300;

    @TempDir
    Path dir;

    @Test
    void closingTheDispatcherWhileItDispatchesLeavesTheBrokerWorking() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path data = dir.resolve("round-" + round);
            Config titanic = ConfigFactory.parseMap(Map.of("data-dir", data.toString(),
                    "store.dir", data.resolve("journal").toString(), "store.fsync", "false"))
                    .withFallback(ConfigFactory.defaultReference().getConfig("titanic"));
            try (ZContext ctx = new ZContext();
                 RequestStore store = Stores.open(StoreSettings.from(titanic), new StoreMonitor() { })) {
                Broker broker = new Broker(ctx, new BrokerSettings("tcp://127.0.0.1:*", Duration.ofMillis(250), 3,
                        Duration.ofSeconds(5), 1 << 20));
                broker.start();
                List<RequestId> ids = new ArrayList<>();
                List<CompletableFuture<Void>> stored = new ArrayList<>();
                List<byte[]> body = List.of("x".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < REQUESTS; i++) {
                    RequestId id = RequestId.random();
                    ids.add(id);
                    stored.add(store.putRequest(id, "svc", body, null));
                }
                CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).join();
                Dispatcher dispatcher = new Dispatcher(broker, store, DispatcherSettings.from(titanic), Long.MAX_VALUE);
                for (RequestId id : ids) {
                    dispatcher.enqueue(id, "svc", body, 0);
                }
                dispatcher.close();
                assertDoesNotThrow(broker::stats, "round " + round + ": the broker no longer answers");
                assertDoesNotThrow(broker::close, "round " + round + ": the broker cannot be closed");
            }
        }
    }
}
