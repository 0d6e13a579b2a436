package io.titanicmq.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fuzzer's messages replay from their seed and cover every category; heap figures parse. */
class FuzzMessagesTest {

    @Test
    void theSameSeedGivesTheSameMessages() {
        FuzzMessages a = new FuzzMessages(new Random(42), 4096);
        FuzzMessages b = new FuzzMessages(new Random(42), 4096);
        for (int i = 0; i < 5000; i++) {
            FuzzCategory ca = a.category();
            assertEquals(ca, b.category());
            List<byte[]> ma = a.message(ca);
            List<byte[]> mb = b.message(ca);
            assertEquals(ma.size(), mb.size());
            for (int f = 0; f < ma.size(); f++) {
                assertArrayEquals(ma.get(f), mb.get(f));
            }
        }
    }

    @Test
    void everyCategoryIsDrawnAndEveryMessageHasAFrameAndHugeOnesRespectTheSizes() {
        FuzzMessages messages = new FuzzMessages(new Random(7), 4096);
        Map<FuzzCategory, Integer> seen = new EnumMap<>(FuzzCategory.class);
        for (int i = 0; i < 100_000; i++) {
            FuzzCategory c = messages.category();
            seen.merge(c, 1, Integer::sum);
        }
        assertEquals(FuzzCategory.values().length, seen.size(), "categories drawn: " + seen);
        for (FuzzCategory c : FuzzCategory.values()) {
            for (int i = 0; i < 50; i++) {
                List<byte[]> m = messages.message(c);
                assertFalse(m.isEmpty(), c.toString());
                long size = m.stream().mapToLong(f -> f.length).sum();
                if (c == FuzzCategory.OVERSIZE) {
                    assertTrue(size > 4096, "oversize " + size);
                } else if (c == FuzzCategory.HUGE_FRAME) {
                    assertTrue(size >= 1024 && size < 4096, "huge " + size);
                }
            }
        }
    }

    @Test
    void heapInfoOfG1AndOfSerialCollectorsParse() throws IOException {
        String g1 = " garbage-first heap   total 262144K, used 12345K [0x00000000f0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 0 survivors (0K)\n"
                + " Metaspace       used 9000K, committed 9200K, reserved 1114112K\n";
        assertEquals(12345L * 1024, HeapProbe.parseUsed(g1));
        String serial = " def new generation   total 4928K, used 1000K [0x00000000f0000000)\n"
                + " tenured generation   total 10944K, used 2000K [0x00000000f5350000)\n"
                + " Metaspace       used 9000K, committed 9200K, reserved 1114112K\n";
        assertEquals(3000L * 1024, HeapProbe.parseUsed(serial));
    }
}
