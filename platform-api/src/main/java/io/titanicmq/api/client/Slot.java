package io.titanicmq.api.client;

import java.util.Arrays;
import org.zeromq.ZMQ;

/**
 * One connection to the broker, holding at most one request. MDP 0.1 replies carry no
 * correlation id, so the connection a reply arrives on is what identifies its request.
 *
 * <p>A request resent after a timeout goes out on a new socket (see ClientLoop), but in general
 * it may be answered once per attempt sent on this socket. After the first answer
 * the slot {@link State#DRAINING drains}: it waits up to one timeout for the other answers and
 * drops them. If they do not all come, the slot gets a fresh socket, so a very late answer can
 * never be taken for the reply to the next request. I/O thread only.
 */
final class Slot {

    /** Where the slot is in the life of its request. */
    enum State {
        /** No request; ready for one. */
        IDLE,
        /** A request is out; waiting for its reply until {@link #deadline}. */
        BUSY,
        /** The reply came; answers to earlier attempts may still arrive until {@link #deadline}. */
        DRAINING
    }

    final int index;
    ZMQ.Socket socket;
    State state = State.IDLE;
    PendingCall call;
    /** Service frame of the request last held, to recognise answers to its earlier attempts. */
    byte[] lastService;
    /** Answers still expected to earlier attempts while draining. */
    int strays;
    /** Attempts of the current request sent on the current socket (a retry may get a new one). */
    int sentOnSocket;
    /** Monotonic deadline ({@link System#nanoTime()}) of the current state, when not idle. */
    long deadline;

    Slot(int index, ZMQ.Socket socket) {
        this.index = index;
        this.socket = socket;
    }

    void hold(PendingCall newCall, long newDeadline) {
        state = State.BUSY;
        call = newCall;
        sentOnSocket = 0;
        lastService = newCall.serviceFrame;
        deadline = newDeadline;
    }

    /** The reply came: give up the request, expecting one answer per other attempt. */
    PendingCall release(long now, long timeoutNanos) {
        PendingCall done = call;
        call = null;
        strays = sentOnSocket - 1;
        if (strays > 0) {
            state = State.DRAINING;
            deadline = now + timeoutNanos;
        } else {
            state = State.IDLE;
        }
        return done;
    }

    /** Whether a well-formed reply for {@code service} answers an earlier attempt being drained. */
    boolean isStray(byte[] service) {
        return state == State.DRAINING && Arrays.equals(lastService, service);
    }

    /** One expected stray came. */
    void strayArrived() {
        if (--strays == 0) {
            state = State.IDLE;
        }
    }

    /** A fresh socket replaced the old one: nothing sent before can be answered on it. */
    void replaceSocket(ZMQ.Socket fresh) {
        socket = fresh;
        sentOnSocket = 0;
    }

    /** Back to idle, after a fresh socket made earlier requests unanswerable here. */
    void reset() {
        state = State.IDLE;
        call = null;
        strays = 0;
    }
}
