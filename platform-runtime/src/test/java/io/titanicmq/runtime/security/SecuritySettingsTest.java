package io.titanicmq.runtime.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySettingsTest {

    @TempDir
    Path keys;

    @Test
    void keyListsTakeInlineKeysFilesWithOrWithoutSuffixAndDirectories() throws Exception {
        KeyFiles.generate(keys, "server");
        String alice = KeyFiles.generate(keys.resolve("clients"), "alice").publicKey();
        String bob = KeyFiles.generate(keys.resolve("clients"), "bob").publicKey();
        String echo = KeyFiles.generate(keys, "echo-worker").publicKey();
        String inline = org.zeromq.ZMQ.Curve.generateKeyPair().publicKey;
        SecuritySettings settings = SecuritySettings.from(config("""
                curve = on
                clients = ["clients", "%s"]
                admins = ["clients/alice.key"]
                workers = [ { keys = ["echo-worker"], services = ["echo"] }, { keys = ["%s"], services = ["*"] } ]
                """.formatted(inline, inline)));
        assertEquals(Set.of(alice, bob, inline), settings.clients());
        assertEquals(Set.of(alice), settings.admins());
        assertEquals(Set.of("echo"), settings.workerServices().get(echo));
        AccessList access = new AccessList(settings);
        assertTrue(access.mayServe(echo, "echo"));
        assertFalse(access.mayServe(echo, "report"), "a worker key serves only its services");
        assertTrue(access.mayServe(inline, "anything"));
        assertFalse(access.mayServe(alice, "echo"), "admins do not serve");
        assertTrue(access.mayRequest(bob));
        assertFalse(access.mayRequest(echo), "worker keys do not send requests");
        assertFalse(access.known(org.zeromq.ZMQ.Curve.generateKeyPair().publicKey));
        assertFalse(settings.toString().contains(settings.serverSecretKey()), "the secret never reaches a log");
    }

    @Test
    void aBadEntryStopsStartUpNamingItsKey() throws Exception {
        KeyFiles.generate(keys, "server");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SecuritySettings.from(config("curve = on\nclients = [\"missing\"]\n")));
        assertTrue(e.getMessage().contains("titanic.security.clients[0]"), e.getMessage());
        IllegalArgumentException noServices = assertThrows(IllegalArgumentException.class, () -> SecuritySettings.from(
                config("curve = on\nworkers = [ { keys = [], services = [] } ]\n")));
        assertTrue(noServices.getMessage().contains("titanic.security.workers[0].services"), noServices.getMessage());
    }

    @Test
    void curveOffReadsNoKeyFile() {
        SecuritySettings settings = SecuritySettings.from(config("curve = off\nclients = [\"missing\"]\n"));
        assertFalse(settings.curve());
        assertEquals(List.of(), List.copyOf(settings.clients()));
    }

    private Config config(String security) {
        return ConfigFactory.parseString("security { keys-dir = \"" + keys + "\"\n" + security + "}")
                .withFallback(ConfigFactory.parseResources("reference.conf").getConfig("titanic")
                        .withoutPath("data-dir").withoutPath("store"))
                .resolve();
    }
}
