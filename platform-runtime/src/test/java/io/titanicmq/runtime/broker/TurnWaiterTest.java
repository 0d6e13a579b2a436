package io.titanicmq.runtime.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/** The broker's wait: a ROUTER's input and the wake-up channel, each seen, neither invented. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TurnWaiterTest {

    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(15);

    @Test
    void seesInputFromATcpPeerAndNothingOnceItIsRead() throws IOException {
        try (ZContext context = new ZContext(); Wakeup wakeup = new Wakeup()) {
            ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            int port = router.bindToRandomPort("tcp://127.0.0.1");
            ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
            dealer.connect("tcp://127.0.0.1:" + port);
            try (TurnWaiter waiter = new TurnWaiter(router, wakeup.channel())) {
                dealer.send("hello");
                do {
                    // spurious turns are allowed (the caller then just waits again), a lost message is not
                    waiter.await(LONG_WAIT);
                } while (!waiter.input());
                assertFalse(waiter.tasks(), "nothing was posted");
                assertNotNull(router.recv(ZMQ.DONTWAIT), "the identity frame");
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), router.recv(ZMQ.DONTWAIT));
                waiter.await(TimeUnit.MILLISECONDS.toNanos(20));
                assertFalse(waiter.input(), "everything was read");
            }
        }
    }

    @Test
    void aTerminatedContextEndsTheWaitWithEterm() throws Exception {
        ZMQ.Context context = ZMQ.context(1);
        try (Wakeup wakeup = new Wakeup()) {
            ZMQ.Socket router = context.socket(SocketType.ROUTER);
            router.bind("inproc://turn-waiter-term-" + System.nanoTime());
            // term() waits for the socket to close: from another thread, as at a shutdown
            Thread terminator = new Thread(context::term, "terminator");
            try (TurnWaiter waiter = new TurnWaiter(router, wakeup.channel())) {
                terminator.start();
                ZMQException stopped = null;
                while (stopped == null) {
                    try {
                        waiter.await(TimeUnit.MILLISECONDS.toNanos(20));
                        assertFalse(waiter.input(), "a terminated context is not input");
                    } catch (ZMQException e) {
                        stopped = e;
                    }
                }
                assertEquals(ZMQ.Error.ETERM.getCode(), stopped.getErrorCode());
            } finally {
                router.close();
                terminator.join();
            }
        }
    }

    @Test
    void seesAWakeUpSignalAndReturnsAfterItsTimeoutWithout() throws IOException {
        try (ZContext context = new ZContext(); Wakeup wakeup = new Wakeup()) {
            ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
            router.bind("inproc://turn-waiter-" + System.nanoTime());
            try (TurnWaiter waiter = new TurnWaiter(router, wakeup.channel())) {
                waiter.await(TimeUnit.MILLISECONDS.toNanos(20));
                assertFalse(waiter.input() || waiter.tasks(), "a timeout with nothing to do");
                boolean[] ran = new boolean[1];
                new Thread(() -> wakeup.post(() -> ran[0] = true), "poster").start();
                do {
                    waiter.await(LONG_WAIT);
                } while (!waiter.tasks());
                assertFalse(waiter.input());
                wakeup.runPending(e -> {
                    throw e;
                });
                assertTrue(ran[0], "the posted task ran on this thread");
                waiter.await(TimeUnit.MILLISECONDS.toNanos(20));
                assertFalse(waiter.tasks(), "the drained signal does not wake again");
            }
        }
    }
}
