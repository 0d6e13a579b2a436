package io.titanicmq.runtime.worker;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RequestAddressTest {

    private static final String HEX = "00112233445566778899aabbccddeeff";

    private static RequestAddress parse(String s) {
        return RequestAddress.parse(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void bareHexIdIsTheFirstAttempt() {
        assertEquals(new RequestAddress(Optional.of(HEX), 1), parse(HEX));
    }

    @Test
    void idWithSlashNumberCarriesTheAttempt() {
        assertEquals(new RequestAddress(Optional.of(HEX), 7), parse(HEX + "/7"));
    }

    @Test
    void anythingElseHasNoIdAndIsAttemptOne() {
        RequestAddress direct = new RequestAddress(Optional.empty(), 1);
        assertEquals(direct, parse(""));
        assertEquals(direct, parse("client"));
        assertEquals(direct, parse(HEX.substring(1)));
        assertEquals(direct, parse(HEX + "0"));
        assertEquals(direct, parse(HEX + "/"));
        assertEquals(direct, parse(HEX + "/0"));
        assertEquals(direct, parse(HEX + "/-1"));
        assertEquals(direct, parse(HEX + "/99999999999"));
        assertEquals(direct, parse("0011223344556677889gaabbccddeeff"));
        assertEquals(direct, RequestAddress.parse(new byte[] {0, 1, 2, 3}));
        assertEquals(direct, RequestAddress.parse(null));
    }
}
