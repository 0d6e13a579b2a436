package io.titanicmq.runtime.titanic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.BrokerSettings;
import io.titanicmq.runtime.store.PendingRequest;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.StoreException;
import io.titanicmq.runtime.store.StoreMonitor;
import io.titanicmq.runtime.store.StoreSettings;
import io.titanicmq.runtime.store.StoreStats;
import io.titanicmq.runtime.store.Stores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * Regression (found by the fuzz suite): storing a titanic.request of tens of MiB gzip-encoded it on
 * the broker thread for seconds, so the broker answered no one and sent no heartbeats. A store
 * call that blocks stands in for the slow encoding here: the broker must keep answering.
 */
@Timeout(30)
class LargeRequestIntakeTest {

    @TempDir
    Path dir;

    @Test
    void storingALargeRequestDoesNotHoldUpTheBroker() throws Exception {
        Config titanic = ConfigFactory.parseMap(Map.of("data-dir", dir.toString(), "store.dir", dir.resolve("journal").toString(),
                "store.fsync", "false")).withFallback(ConfigFactory.defaultReference().getConfig("titanic"));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ClientOptions options = ClientOptions.builder().timeout(Duration.ofSeconds(2)).retries(1).build();
        try (ZContext ctx = new ZContext();
             RequestStore real = Stores.open(StoreSettings.from(titanic), new StoreMonitor() { })) {
            Broker broker = new Broker(ctx, new BrokerSettings("tcp://127.0.0.1:*", Duration.ofMillis(250), 3,
                    Duration.ofSeconds(5), 8 << 20));
            RequestStore store = new SlowLargeRequests(real, entered, release);
            Dispatcher dispatcher = new Dispatcher(broker, store, DispatcherSettings.from(titanic), Long.MAX_VALUE);
            TitanicServices services = new TitanicServices(store, dispatcher,
                    new AdmissionControl(Limits.none(), store, StoreSettings.from(titanic).dir()));
            services.register(broker);
            broker.start();
            try (MajordomoClient submitter = new MajordomoClient(ctx, broker.endpoint(), options);
                 MajordomoClient other = new MajordomoClient(ctx, broker.endpoint(), options)) {
                assertEquals("200", text(other.call("mmi.service", "titanic.request")).get(0));
                byte[] big = new byte[LargeRequestIntake.OFFLOAD_BYTES * 2];
                CompletableFuture<List<byte[]>> stored = submitter.send("titanic.request",
                        List.of("svc".getBytes(StandardCharsets.UTF_8), big));
                assertTrue(entered.await(10, TimeUnit.SECONDS), "the store was never asked");
                // the store call is still running: the broker answers anyway
                assertEquals("200", text(other.call("mmi.service", "titanic.request")).get(0));
                assertEquals("400", text(other.call("titanic.reply", "not-an-id")).get(0));
                release.countDown();
                List<String> answer = text(stored.get(10, TimeUnit.SECONDS));
                assertEquals("200", answer.get(0));
                assertEquals(32, answer.get(1).length());
            } finally {
                release.countDown();
                services.close();
                dispatcher.close();
                broker.close();
            }
        }
    }

    private static List<String> text(List<byte[]> frames) {
        return frames.stream().map(f -> new String(f, StandardCharsets.UTF_8)).toList();
    }

    /** A store whose putRequest of a large body blocks until released, as a slow encoding would. */
    private static final class SlowLargeRequests implements RequestStore {

        private final RequestStore delegate;
        private final CountDownLatch entered;
        private final CountDownLatch release;

        SlowLargeRequests(RequestStore delegate, CountDownLatch entered, CountDownLatch release) {
            this.delegate = delegate;
            this.entered = entered;
            this.release = release;
        }

        @Override
        public CompletableFuture<Void> putRequest(RequestId id, String service, List<byte[]> body, String idempotencyKey,
                                                  String owner) {
            if (body.stream().mapToLong(b -> b.length).sum() >= LargeRequestIntake.OFFLOAD_BYTES) {
                entered.countDown();
                try {
                    if (!release.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            return delegate.putRequest(id, service, body, idempotencyKey, owner);
        }

        @Override
        public CompletableFuture<Void> markDispatched(RequestId id, int attempt) {
            return delegate.markDispatched(id, attempt);
        }

        @Override
        public CompletableFuture<Void> putReply(RequestId id, List<byte[]> reply) {
            return delegate.putReply(id, reply);
        }

        @Override
        public CompletableFuture<Void> putFailure(RequestId id, String reason) {
            return delegate.putFailure(id, reason);
        }

        @Override
        public CompletableFuture<Void> close(RequestId id) {
            return delegate.close(id);
        }

        @Override
        public Optional<RequestState> get(RequestId id) {
            return delegate.get(id);
        }

        @Override
        public Optional<String> owner(RequestId id) {
            return delegate.owner(id);
        }

        @Override
        public int pendingOf(String service) {
            return delegate.pendingOf(service);
        }

        @Override
        public Optional<String> failure() {
            return delegate.failure();
        }

        @Override
        public Optional<RequestId> findByIdempotencyKey(String key) {
            return delegate.findByIdempotencyKey(key);
        }

        @Override
        public List<PendingRequest> pending() {
            return delegate.pending();
        }

        @Override
        public Optional<List<byte[]>> requestBody(RequestId id) throws StoreException {
            return delegate.requestBody(id);
        }

        @Override
        public StoreStats stats() {
            return delegate.stats();
        }

        @Override
        public void compact() throws IOException {
            delegate.compact();
        }

        @Override
        public void close() {
            // the test closes the real store
        }
    }
}
