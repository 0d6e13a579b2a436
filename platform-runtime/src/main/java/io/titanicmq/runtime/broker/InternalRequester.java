package io.titanicmq.runtime.broker;

import java.util.List;

/** A request queued through {@link Broker#submit}; its outcome goes to a {@link DispatchListener}. */
final class InternalRequester implements Requester {

    private final byte[] address;
    private final DispatchListener listener;

    InternalRequester(byte[] address, DispatchListener listener) {
        this.address = address;
        this.listener = listener;
    }

    @Override
    public byte[] address() {
        return address;
    }

    @Override
    public void deliver(Outbound out, String service, List<byte[]> body) {
        listener.onReply(address, body);
    }

    @Override
    public void workerLost() {
        listener.onWorkerLost(address);
    }

    @Override
    public void expired() {
        listener.onExpired(address);
    }

    @Override
    public void dispatched() {
        listener.onDispatched(address);
    }

    @Override
    public void progress(double fraction, String message) {
        listener.onProgress(address, fraction, message);
    }
}
