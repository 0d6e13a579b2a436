package io.titanicmq.api.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MdpTest {

    @Test
    void bodySizeIsTheSumOfTheFramesLengths() {
        assertEquals(0, Mdp.bodySize(List.of()));
        assertEquals(0, Mdp.bodySize(List.of(new byte[0], new byte[0])));
        assertEquals(3 + 200 + 1, Mdp.bodySize(List.of(new byte[3], new byte[200], new byte[1])));
    }
}
