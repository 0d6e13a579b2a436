package io.titanicmq.runtime.worker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.titanicmq.api.Request;
import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.BrokerSettings;
import io.titanicmq.runtime.security.AccessList;
import io.titanicmq.runtime.security.KeyFiles;
import io.titanicmq.runtime.security.SecuritySettings;
import io.titanicmq.runtime.security.ZapHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A worker node connecting to a remote broker with CURVE on: the keys come from
 * {@code titanic.workers.curve-key}; an allowed worker key serves, one that may not serve the
 * service is never registered.
 */
@Timeout(30)
class CurveWorkerConnectionTest {

    @TempDir
    Path dir;

    private final ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();
    private ZContext ctx;
    private ZapHandler zap;
    private Broker broker;
    private ServiceWorkers connection;

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        broker.close();
        zap.close();
        ctx.close();
    }

    @Test
    void workerNodeWithAnAllowedKeyServesAndOneWithAnotherServiceKeyIsNeverRegistered() throws Exception {
        Path keys = dir.resolve("keys");
        KeyFiles.Written server = KeyFiles.generate(keys, "server");
        String echoNode = KeyFiles.generate(keys, "echo-node").publicKey();
        String otherNode = KeyFiles.generate(keys, "other-node").publicKey();
        startBroker(keys, server, Map.of(echoNode, Set.of("svc"), otherNode, Set.of("other")));

        connection = start(keys, "other-node");
        try (MajordomoClient mdp = new MajordomoClient(ctx, broker.endpoint(), ClientOptions.builder()
                .timeout(Duration.ofSeconds(2)).slots(1).curve(new CurveCredentials(server.publicKey(), client.publicKey,
                        client.secretKey)).build())) {
            // Client and worker node both pass the handshake; the node's READY for svc is refused, again and again.
            await().atMost(Duration.ofSeconds(10)).until(() -> zap.admitted() >= 2);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> "404".equals(text(mdp.call("mmi.service", "svc").get(0))));
            connection.close();
            connection = start(keys, "echo-node");
            await().atMost(Duration.ofSeconds(10)).until(() -> "200".equals(text(mdp.call("mmi.service", "svc").get(0))));
            assertEquals(List.of("hello"), mdp.call("svc", "hello").stream().map(CurveWorkerConnectionTest::text).toList());
        }
    }

    private void startBroker(Path keys, KeyFiles.Written server, Map<String, Set<String>> workers) throws Exception {
        ctx = new ZContext();
        SecuritySettings settings = new SecuritySettings(true, false, keys, server.publicKey(),
                KeyFiles.read(server.secretFile()), Set.of(client.publicKey), Set.of(), workers);
        AccessList access = new AccessList(settings);
        zap = new ZapHandler(ctx, access);
        zap.start();
        broker = new Broker(ctx, new BrokerSettings("tcp://127.0.0.1:*", Duration.ofMillis(200), 5,
                Duration.ofSeconds(10), 1 << 20), access);
        broker.start();
    }

    private ServiceWorkers start(Path keys, String keyName) {
        WorkerSettings settings = WorkerSettings.from(ConfigFactory.parseString("""
                titanic.workers { broker = "%s", curve-key = "%s", heartbeat-interval = 200ms, concurrency = 1 }
                titanic.security.keys-dir = "%s"
                """.formatted(broker.endpoint(), keyName, keys)).withFallback(ConfigFactory.defaultReference())
                .resolve().getConfig("titanic"), "inproc://unused");
        ServiceWorkers started = new ServiceWorkers(ctx, settings, new ScriptedWorker("svc", Request::frames),
                new ConfiguredWorkerContext("test", ConfigFactory.empty(), dir));
        started.start();
        return started;
    }

    private static String text(byte[] frame) {
        return new String(frame, StandardCharsets.UTF_8);
    }
}
