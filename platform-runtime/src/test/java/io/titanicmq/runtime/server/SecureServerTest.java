package io.titanicmq.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.titanicmq.api.client.ClientOptions;
import io.titanicmq.api.client.CurveCredentials;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import io.titanicmq.runtime.config.ConfigLoader;
import io.titanicmq.runtime.security.KeyFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.ZContext;

/**
 * A server with CurveZMQ on, configured like a user would: key files made by {@link KeyFiles},
 * allow-lists in the config file. Replies go only to the key that submitted the request (or an
 * admin), also after a restart; plaintext on a non-loopback endpoint is refused at start-up.
 */
@Timeout(60)
class SecureServerTest {

    @TempDir
    Path dir;

    private Path keys;
    private String serverKey;

    @BeforeEach
    void keys() throws Exception {
        keys = dir.resolve("keys");
        serverKey = KeyFiles.generate(keys, "server").publicKey();
        KeyFiles.generate(keys.resolve("clients"), "alice");
        KeyFiles.generate(keys.resolve("clients"), "bob");
        KeyFiles.generate(keys, "admin");
    }

    @Test
    void replyStatusAndCancelAreServedOnlyToTheSubmitterOrAnAdminAlsoAfterRestart() throws Exception {
        Config config = load("""
                security { curve = on, clients = ["clients"], admins = ["admin"] }
                """);
        String id;
        try (Server server = started(config); ZContext context = new ZContext()) {
            TitanicClient alice = client(context, server, "clients/alice");
            TitanicClient bob = client(context, server, "clients/bob");
            TitanicClient admin = client(context, server, "admin");
            id = alice.request("nobody-serves-this", List.of(bytes("private")));
            assertInstanceOf(ReplyResult.Pending.class, alice.reply(id));
            assertInstanceOf(ReplyResult.Unknown.class, bob.reply(id), "another key learns nothing");
            assertInstanceOf(ReplyResult.Pending.class, admin.reply(id));
            assertEquals("400", first(bob.majordomo().call("titanic.status", id)));
            assertEquals("200", first(alice.majordomo().call("titanic.status", id)));
            assertEquals("400", first(bob.majordomo().call("titanic.cancel", id)));
            assertEquals("400", first(bob.majordomo().call("titanic.status")), "overall status is for admins");
            assertEquals("200", first(admin.majordomo().call("titanic.status")));
            bob.close(id);
            assertInstanceOf(ReplyResult.Pending.class, alice.reply(id), "bob's close changed nothing");
            String bobs = bob.request("nobody-serves-this", List.of(bytes("bob's")), "same-key");
            String alices = alice.request("nobody-serves-this", List.of(bytes("alice's")), "same-key");
            assertTrue(!bobs.equals(alices), "idempotency keys of different clients never meet");
        }
        try (Server server = started(config); ZContext context = new ZContext()) {
            assertInstanceOf(ReplyResult.Pending.class, client(context, server, "clients/alice").reply(id));
            assertInstanceOf(ReplyResult.Unknown.class, client(context, server, "clients/bob").reply(id),
                    "the owner survives the restart");
            assertInstanceOf(ReplyResult.Pending.class, client(context, server, "admin").reply(id));
        }
    }

    @Test
    void plaintextOnANonLoopbackEndpointIsRefusedUnlessInsecureIsSet() throws Exception {
        Config open = load("broker.endpoint = \"tcp://0.0.0.0:5555\"\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Server(open));
        assertTrue(e.getMessage().contains("titanic.security.insecure"), e.getMessage());
        // Accepted (not started: tests bind loopback only) with insecure = true, or with CURVE on.
        new Server(load("broker.endpoint = \"tcp://0.0.0.0:5555\"\nsecurity.insecure = true\n")).close();
        new Server(load("broker.endpoint = \"tcp://0.0.0.0:5555\"\nsecurity { curve = on, clients = [\"clients\"] }\n"))
                .close();
        new Server(load("broker.endpoint = \"tcp://[::1]:5555\"\n")).close();
    }

    @Test
    void missingServerKeyFileStopsStartUpNamingTheKey() throws Exception {
        Config config = load("security { curve = on, server-secret-key-file = \"nope.key_secret\" }\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Server(config));
        assertTrue(e.getMessage().contains("titanic.security.server-secret-key-file"), e.getMessage());
    }

    private Config load(String security) throws Exception {
        Path file = dir.resolve("application.conf");
        Files.writeString(file, "titanic {\n roles = [broker, titanic]\n data-dir = \"" + dir.resolve("data")
                + "\"\n broker.endpoint = \"tcp://127.0.0.1:*\"\n security.keys-dir = \"" + keys + "\"\n"
                + security + "}\n");
        return new ConfigLoader(Map.of(), Optional.empty()).load(Optional.of(file));
    }

    private static Server started(Config config) {
        Server server = new Server(config);
        server.start();
        return server;
    }

    private TitanicClient client(ZContext context, Server server, String keyName) throws Exception {
        CurveCredentials credentials = new CurveCredentials(serverKey,
                KeyFiles.read(keys.resolve(keyName + KeyFiles.PUBLIC_SUFFIX)),
                KeyFiles.read(keys.resolve(keyName + KeyFiles.SECRET_SUFFIX)));
        ClientOptions options = ClientOptions.builder().timeout(Duration.ofSeconds(2)).slots(1).curve(credentials).build();
        return new TitanicClient(context, server.brokerEndpoint(), options);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String first(List<byte[]> frames) {
        String text = new String(frames.get(0), StandardCharsets.UTF_8);
        return text.length() >= 3 ? text.substring(0, 3) : text;
    }
}
