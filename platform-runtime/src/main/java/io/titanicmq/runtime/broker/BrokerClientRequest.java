package io.titanicmq.runtime.broker;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request handed to an {@link InternalService}. {@link #reply} may come from any thread: the
 * reply is sent by the broker thread (directly when called on it, else through the wake-up queue).
 */
final class BrokerClientRequest implements ClientRequest {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerClientRequest.class);

    private final String service;
    private final List<byte[]> body;
    private final Requester requester;
    private final Outbound out;
    private final Executor onLoop;
    private final AtomicBoolean answered = new AtomicBoolean();

    BrokerClientRequest(String service, List<byte[]> body, Requester requester, Outbound out,
                        Executor onLoop) {
        this.service = service;
        this.body = List.copyOf(body);
        this.requester = requester;
        this.out = out;
        this.onLoop = onLoop;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public Caller caller() {
        return requester.caller();
    }

    @Override
    public List<byte[]> body() {
        return body;
    }

    @Override
    public void reply(List<byte[]> frames) {
        List<byte[]> copy = List.copyOf(frames);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("A reply to '" + service + "' needs at least one frame");
        }
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("The request to '" + service + "' was already answered");
        }
        try {
            onLoop.execute(() -> requester.deliver(out, service, copy));
        } catch (RejectedExecutionException e) {
            LOG.info("Reply to '{}' dropped: the broker is closed", service);
        }
    }
}
