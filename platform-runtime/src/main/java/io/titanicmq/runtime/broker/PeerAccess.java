package io.titanicmq.runtime.broker;

import org.zeromq.ZMQ;

/**
 * What the broker asks about its peers' keys. The broker only asks; where keys come from, how
 * the handshake is authenticated (ZAP) and what is logged is the implementation's business.
 * {@link #OPEN} enforces nothing (CurveZMQ off).
 */
public interface PeerAccess {

    /** No authentication: plaintext sockets, every peer may do everything. */
    PeerAccess OPEN = new PeerAccess() {
        @Override
        public boolean enforced() {
            return false;
        }

        @Override
        public void configure(ZMQ.Socket router) {
            // plaintext: nothing to set
        }

        @Override
        public boolean mayRequest(String key) {
            return true;
        }

        @Override
        public boolean mayServe(String key, String service) {
            return true;
        }

        @Override
        public boolean isAdmin(String key) {
            return true;
        }
    };

    /** Whether peers are authenticated (CurveZMQ on): then every TCP peer has a key. */
    boolean enforced();

    /** Sets the server side of the security mechanism on the ROUTER socket, before it binds. */
    void configure(ZMQ.Socket router);

    /** Whether the peer with this public key (Z85) may send client requests. */
    boolean mayRequest(String key);

    /** Whether the peer with this public key (Z85) may register as a worker of {@code service}. */
    boolean mayServe(String key, String service);

    /** Whether this public key (Z85) belongs to an administrator, who may act on any request. */
    boolean isAdmin(String key);

    /**
     * Who sent a message, from the key the handshake proved ({@code ZAP User-Id}).
     *
     * @param key the sender's key, or null when the message carried none (an inproc peer, or any
     *            peer while not {@link #enforced()})
     */
    default Caller caller(String key) {
        if (!enforced()) {
            return Caller.UNAUTHENTICATED;
        }
        if (key == null) {
            return Caller.INTERNAL;
        }
        return new Caller(key, isAdmin(key));
    }
}
