package io.titanicmq.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WakeupTest {

    /**
     * A signal that lands while the owner drains must still wake the owner's next poll. Draining
     * cleared the coalescing flag before emptying the pipe once; a signal between the two was then
     * eaten by the drain with the flag left set, and every later signal skipped the pipe: the owner
     * slept until its next timer. A hosted worker connection waited up to a heartbeat for requests.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aSignalDuringADrainIsNeverLost() throws Exception {
        Wakeup wakeup = new Wakeup();
        AtomicLong posted = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread signaller = new Thread(() -> {
            while (!stop.get()) {
                posted.incrementAndGet();
                wakeup.signal();
                for (int spin = (int) (posted.get() % 64); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
            }
        }, "wakeup-test-signaller");
        long lost = 0;
        long rounds = 0;
        try (Selector selector = Selector.open()) {
            wakeup.source().register(selector, SelectionKey.OP_READ);
            signaller.start();
            long seen = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < end && lost == 0) {
                int ready = selector.select(500);
                selector.selectedKeys().clear();
                if (ready == 0 && posted.get() > seen) {
                    lost++;
                }
                wakeup.drain();
                seen = posted.get();
                rounds++;
            }
        } finally {
            stop.set(true);
            signaller.join(TimeUnit.SECONDS.toMillis(5));
            wakeup.close();
        }
        assertTrue(rounds > 1000, "too few rounds to mean anything: " + rounds);
        assertEquals(0, lost, "polls that slept through a signal, in " + rounds + " rounds");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void signalsBetweenDrainsWriteThePipeOnce() throws IOException {
        Wakeup wakeup = new Wakeup();
        try (Selector selector = Selector.open()) {
            wakeup.source().register(selector, SelectionKey.OP_READ);
            wakeup.signal();
            wakeup.signal();
            wakeup.signal();
            assertEquals(1, selector.selectNow());
            selector.selectedKeys().clear();
            wakeup.drain();
            assertEquals(0, selector.selectNow(), "the drain emptied the pipe");
            wakeup.signal();
            assertEquals(1, selector.selectNow(), "a signal after a drain writes again");
        } finally {
            wakeup.close();
        }
    }
}
