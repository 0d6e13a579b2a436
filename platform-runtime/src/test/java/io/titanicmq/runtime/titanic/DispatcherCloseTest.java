package io.titanicmq.runtime.titanic;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.store.RequestId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
            try (DispatcherFixture fixture = new DispatcherFixture(dir.resolve("round-" + round), Map.of())) {
                List<RequestId> ids = new ArrayList<>();
                List<CompletableFuture<Void>> stored = new ArrayList<>();
                List<byte[]> body = List.of("x".getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < REQUESTS; i++) {
                    RequestId id = RequestId.random();
                    ids.add(id);
                    stored.add(fixture.store.putRequest(id, "svc", body, null));
                }
                CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).join();
                Dispatcher dispatcher = fixture.dispatcher();
                for (RequestId id : ids) {
                    dispatcher.enqueue(id, "svc", body, 0);
                }
                dispatcher.close();
                assertDoesNotThrow(fixture.broker::stats, "round " + round + ": the broker no longer answers");
                assertDoesNotThrow(fixture.broker::close, "round " + round + ": the broker cannot be closed");
            }
        }
    }
}
