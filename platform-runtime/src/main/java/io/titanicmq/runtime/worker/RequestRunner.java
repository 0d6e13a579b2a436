package io.titanicmq.runtime.worker;

import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerException;
import io.titanicmq.api.protocol.Mdp;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request through {@link Worker#handle} on the handler thread and turns whatever happens
 * (frames, {@link WorkerException}, any other exception, {@code null}) into a REPLY body. It always
 * hands a {@link Completion} back, even when the handler dies with an {@link Error}, so the
 * connection never stays busy forever.
 */
final class RequestRunner implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(RequestRunner.class);

    private final Worker worker;
    private final String service;
    private final String connection;
    private final HostedRequest request;
    private final byte[] address;
    private final Consumer<Completion> done;
    private final long maxMessageSize;

    RequestRunner(Worker worker, String service, String connection, HostedRequest request, byte[] address,
                  long maxMessageSize, Consumer<Completion> done) {
        this.maxMessageSize = maxMessageSize;
        this.worker = worker;
        this.service = service;
        this.connection = connection;
        this.request = request;
        this.address = address;
        this.done = done;
    }

    @Override
    public void run() {
        List<byte[]> body = null;
        try {
            body = handle();
        } finally {
            request.deleteScratch();
            if (body == null) {
                body = Completion.failure(true, "handler of service '" + service + "' died with an error");
            }
            done.accept(new Completion(request, address, body));
        }
    }

    private List<byte[]> handle() {
        String id = request.id().orElse("(direct)");
        try {
            List<byte[]> reply = worker.handle(request);
            if (reply == null) {
                LOG.warn("{}: handler returned null for request {}; reporting a terminal failure", connection, id);
                return Completion.failure(false, "handler returned null");
            }
            if (hasNullFrame(reply)) {
                LOG.warn("{}: handler returned a null frame for request {}; reporting a terminal failure", connection, id);
                return Completion.failure(false, "handler returned a null frame");
            }
            long size = Mdp.bodySize(reply);
            if (maxMessageSize > 0 && size > maxMessageSize) {
                LOG.warn("{}: handler replied {} bytes to request {}, more than the broker's max-message-size {};"
                        + " reporting a terminal failure", connection, size, id, maxMessageSize);
                return Completion.failure(false, "reply of " + size + " bytes is larger than the broker's max-message-size of "
                        + maxMessageSize + " bytes");
            }
            // 7/MDP: a REPLY carries at least one body frame; an empty reply travels as one empty frame.
            return reply.isEmpty() ? List.of(new byte[0]) : reply;
        } catch (WorkerException e) {
            LOG.info("{}: request {} failed ({}): {}", connection, id,
                    e.isRetryable() ? Completion.RETRYABLE : Completion.TERMINAL, e.getMessage());
            return Completion.failure(e.isRetryable(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{}: handler of service '{}' threw on request {}; reporting a retryable failure",
                    connection, service, id, e);
            return Completion.failure(true, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** {@code List.contains(null)} throws on immutable lists, so look frame by frame. */
    private static boolean hasNullFrame(List<byte[]> frames) {
        for (byte[] frame : frames) {
            if (frame == null) {
                return true;
            }
        }
        return false;
    }
}
