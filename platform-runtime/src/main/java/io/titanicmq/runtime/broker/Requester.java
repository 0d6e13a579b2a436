package io.titanicmq.runtime.broker;

import java.util.List;

/** Who waits for the reply to a request: an MDP client or an internal {@link DispatchListener}. */
interface Requester {

    /** Who made the request; {@link Caller#INTERNAL} unless an MDP client over the network. */
    default Caller caller() {
        return Caller.INTERNAL;
    }

    /** The client address frame the worker gets in REQUEST and echoes in REPLY. */
    byte[] address();

    /** Passes the reply to the requester. */
    void deliver(Outbound out, String service, List<byte[]> body);

    /** The worker serving the request died or disconnected. */
    void workerLost();

    /** No worker appeared in time. */
    void expired();

    /** A worker took the request (it is no longer queued at the broker). */
    void dispatched();

    /** The worker serving the request reported progress (TitanicMQ extension PROGRESS). */
    void progress(double fraction, String message);
}
