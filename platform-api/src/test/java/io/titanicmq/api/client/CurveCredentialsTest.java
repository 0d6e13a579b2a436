package io.titanicmq.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.zeromq.ZMQ;

class CurveCredentialsTest {

    private final ZMQ.Curve.KeyPair server = ZMQ.Curve.generateKeyPair();
    private final ZMQ.Curve.KeyPair client = ZMQ.Curve.generateKeyPair();

    @Test
    void keysAreCheckedAndTheSecretNeverPrinted() {
        CurveCredentials keys = new CurveCredentials(server.publicKey, " " + client.publicKey + "\n", client.secretKey);
        assertEquals(client.publicKey, keys.publicKey(), "surrounding blanks are stripped");
        assertEquals(client.publicKey.substring(0, 8), keys.fingerprint());
        assertFalse(keys.toString().contains(client.secretKey));
        assertThrows(IllegalArgumentException.class, () -> new CurveCredentials(server.publicKey, "short", client.secretKey));
        assertThrows(IllegalArgumentException.class,
                () -> new CurveCredentials(server.publicKey, client.publicKey, "~".repeat(40)));
    }

    @Test
    void optionsCarryTheKeysThroughToBuilder() {
        CurveCredentials keys = new CurveCredentials(server.publicKey, client.publicKey, client.secretKey);
        ClientOptions options = ClientOptions.builder().curve(keys).build();
        assertEquals(Optional.of(keys), options.curve());
        assertEquals(Optional.of(keys), options.toBuilder().build().curve());
        assertEquals(Optional.empty(), ClientOptions.defaults().curve());
        assertTrue(options.toString().contains(keys.fingerprint()));
        assertFalse(options.toString().contains(client.secretKey));
    }
}
