package io.titanicmq.runtime.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class WakeupBatchTest {

    @Test
    void tasksPostedInABatchWakeTheBrokerOnceAtItsEnd() throws IOException {
        try (Wakeup wakeup = new Wakeup(); Selector selector = Selector.open()) {
            wakeup.channel().register(selector, SelectionKey.OP_READ);
            List<Integer> ran = new ArrayList<>();
            int[] readableInside = new int[1];
            wakeup.batch(() -> {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    wakeup.post(() -> ran.add(n));
                }
                try {
                    readableInside[0] = selector.selectNow();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals(0, readableInside[0], "no wake-up while the batch runs");
            assertEquals(1, selector.selectNow(), "one wake-up after it");
            wakeup.runPending(e -> {
                throw e;
            });
            assertEquals(100, ran.size());
            selector.selectedKeys().clear();
            assertEquals(0, selector.selectNow(), "the pipe is empty after the drain");
        }
    }

    @Test
    void aPostOutsideABatchWakesAtOnceAndBatchesNest() throws IOException {
        try (Wakeup wakeup = new Wakeup(); Selector selector = Selector.open()) {
            wakeup.channel().register(selector, SelectionKey.OP_READ);
            int[] readable = new int[2];
            wakeup.batch(() -> wakeup.batch(() -> wakeup.post(() -> { })));
            readable[0] = selector.selectNow();
            selector.selectedKeys().clear();
            wakeup.runPending(e -> {
                throw e;
            });
            wakeup.post(() -> { });
            readable[1] = selector.selectNow();
            assertEquals(1, readable[0], "the outer batch's end woke the broker");
            assertEquals(1, readable[1], "a post outside any batch wakes at once");
        }
    }
}
