package io.titanicmq.runtime.fuzz;

import io.titanicmq.api.client.CurveCredentials;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Opens the fuzzer's sockets: every socket the fuzzer uses comes from {@link #open}, plaintext or,
 * against a broker with CurveZMQ on, with the client keys given (then the fuzz reaches the broker
 * as that key: allowed keys get their garbage through the handshake, as an insider's would).
 */
public class FuzzSockets {

    /** Messages queued per socket before a send would block; the fuzzer then drains answers. */
    private static final int HIGH_WATER_MARK = 1000;

    private final CurveCredentials curve;

    /** Plaintext sockets. */
    public FuzzSockets() {
        this(null);
    }

    /** @param curve the keys every socket connects with, or null for plaintext */
    public FuzzSockets(CurveCredentials curve) {
        this.curve = curve;
    }

    /**
     * A DEALER connected to {@code endpoint}, linger 0, bounded queues. The broker gives it its
     * routing id: with fixed ids, runs stalled for minutes (a peer's messages no longer taken by
     * the broker), which does not happen with the ids ZeroMQ assigns. Override to add security
     * options before the connect.
     *
     * @param ctx the context the socket is made from (the fuzzer's thread owns the socket)
     * @param endpoint the broker endpoint
     * @return the connected socket
     */
    public ZMQ.Socket open(ZContext ctx, String endpoint) {
        ZMQ.Socket socket = ctx.createSocket(SocketType.DEALER);
        socket.setLinger(0);
        socket.setSndHWM(HIGH_WATER_MARK);
        socket.setRcvHWM(HIGH_WATER_MARK);
        if (curve != null) {
            curve.applyTo(socket);
        }
        socket.connect(endpoint);
        return socket;
    }
}
