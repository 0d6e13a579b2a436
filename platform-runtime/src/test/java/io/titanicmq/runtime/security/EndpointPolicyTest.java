package io.titanicmq.runtime.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:5555", "tcp://127.1.2.3:*", "tcp://localhost:5555", "tcp://[::1]:5555",
        "inproc://broker", "ipc:///tmp/titanic.sock", "TCP://127.0.0.1:1"})
    void loopbackAndLocalTransportsAreLocal(String endpoint) {
        assertTrue(EndpointPolicy.isLocal(endpoint), endpoint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://*:5555", "tcp://0.0.0.0:5555", "tcp://[::]:5555", "tcp://10.0.0.1:5555",
        "tcp://eth0:5555", "tcp://example.com:5555", "tcp://127.0.0.1.example.com:1", "pgm://eth0;239.192.1.1:5555",
        "tcp://192.168.1.1;127.0.0.1:5555", "tcp://:5555"})
    void everythingElseIsTheNetwork(String endpoint) {
        assertFalse(EndpointPolicy.isLocal(endpoint), endpoint);
    }

    @Test
    void networkEndpointNeedsCurveOrInsecure() {
        SecuritySettings off = SecuritySettings.off();
        assertThrows(IllegalArgumentException.class, () -> EndpointPolicy.check("tcp://*:5555", off));
        assertDoesNotThrow(() -> EndpointPolicy.check("tcp://127.0.0.1:5555", off));
        SecuritySettings insecure = new SecuritySettings(false, true, Path.of("."), null, null, Set.of(), Set.of(), Map.of());
        assertDoesNotThrow(() -> EndpointPolicy.check("tcp://*:5555", insecure));
    }
}
