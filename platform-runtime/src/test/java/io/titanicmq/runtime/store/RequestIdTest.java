package io.titanicmq.runtime.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestIdTest {

    @Test
    void hexIsThirtyTwoLowercaseCharactersAndParsesBack() {
        RequestId id = new RequestId(0x0123456789abcdefL, 0xfedcba9876543210L);
        assertEquals("0123456789abcdeffedcba9876543210", id.hex());
        assertEquals(Optional.of(id), RequestId.parse(id.hex()));
        assertEquals(Optional.of(id), RequestId.parse(id.hex().toUpperCase()));
        RequestId random = RequestId.random();
        assertTrue(random.hex().matches("[0-9a-f]{32}"));
        assertEquals(Optional.of(random), RequestId.parse(random.hex()));
    }

    @Test
    void parseRejectsAnythingButThirtyTwoHexCharacters() {
        assertEquals(Optional.empty(), RequestId.parse(null));
        assertEquals(Optional.empty(), RequestId.parse(""));
        assertEquals(Optional.empty(), RequestId.parse("0123456789abcdeffedcba987654321"));
        assertEquals(Optional.empty(), RequestId.parse("0123456789abcdeffedcba98765432100"));
        assertEquals(Optional.empty(), RequestId.parse("0123456789abcdef-edcba9876543210"));
        assertEquals(Optional.empty(), RequestId.parse("0123456789abcdeffedcba987654321g"));
        assertEquals(Optional.empty(), RequestId.parse("+123456789abcdeffedcba9876543210"));
    }
}
