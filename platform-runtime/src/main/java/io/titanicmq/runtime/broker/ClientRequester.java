package io.titanicmq.runtime.broker;

import java.util.List;

/**
 * An MDP client behind the ROUTER socket. A lost or expired request gets no answer: the client
 * retries on its own timeout (7/MDP), and reliability is Titanic's job.
 */
final class ClientRequester implements Requester {

    private final byte[] identity;
    private final Caller caller;

    ClientRequester(byte[] identity, Caller caller) {
        this.identity = identity;
        this.caller = caller;
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public byte[] address() {
        return identity;
    }

    @Override
    public void deliver(Outbound out, String service, List<byte[]> body) {
        out.toClient(identity, service, body);
    }

    @Override
    public void workerLost() {
        // Nothing to tell: MDP has no error reply, the client times out and retries.
    }

    @Override
    public void expired() {
        // Same as workerLost: counted by the broker, the client times out.
    }

    @Override
    public void dispatched() {
        // An MDP client learns nothing until the reply.
    }

    @Override
    public void progress(double fraction, String message) {
        // Not an MDP reply: an MDP client has no frame for it, so it is dropped.
    }
}
