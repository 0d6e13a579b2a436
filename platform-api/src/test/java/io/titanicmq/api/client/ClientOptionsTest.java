package io.titanicmq.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ClientOptionsTest {

    @Test
    void defaultsAreTwoAndAHalfSecondsThreeRetriesSixteenSlots() {
        ClientOptions options = ClientOptions.defaults();
        assertEquals(Duration.ofMillis(2500), options.timeout());
        assertEquals(3, options.retries());
        assertEquals(4, options.attempts());
        assertEquals(16, options.slots());
        assertEquals(10_000, options.maxQueued());
        assertEquals(Duration.ZERO, options.linger());
    }

    @Test
    void toBuilderKeepsEverySetting() {
        ClientOptions options = ClientOptions.builder().timeout(Duration.ofSeconds(1)).retries(0).slots(2)
                .maxQueued(5).linger(Duration.ofMillis(10)).build();
        assertEquals(options.toString(), options.toBuilder().build().toString());
    }

    @Test
    void outOfRangeValuesAreRefusedWhenSet() {
        ClientOptions.Builder builder = ClientOptions.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.timeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.retries(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.slots(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxQueued(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.linger(Duration.ofMillis(-1)));
    }
}
