package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Tsp;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.ClientRequest;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import io.titanicmq.runtime.store.RequestStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 9/TSP services and TitanicMQ's extensions, answered from the store.
 *
 * <ul>
 *   <li>{@code titanic.request [service][body...]} → {@code [200][uuid]} once durable; {@code [500 reason]} when a
 *       limit refuses it ({@link AdmissionControl}) or the store failed; {@code [400 ...]} for a request without a
 *       valid service frame.</li>
 *   <li>{@code titanic.request.idem [key][service][body...]} → the same, once per key (extension).</li>
 *   <li>{@code titanic.reply [uuid]} → {@code [200][reply...]}, {@code [300]}, {@code [400]},
 *       {@code [410 reason]} for a terminal failure (extension), {@code [500 ...]}.</li>
 *   <li>{@code titanic.close [uuid]} → {@code [200]}, idempotent; {@code [400]} when not a uuid.</li>
 *   <li>{@code titanic.status [uuid]?} → {@code [200][json]} (extension).</li>
 *   <li>{@code titanic.cancel [uuid]} → {@code [200]} once cancelled (failure {@code cancelled}
 *       stored), or when the request had already ended; {@code [400]} for an unknown, closed or
 *       malformed id (extension).</li>
 * </ul>
 * Anything that is not a well-formed uuid gets {@code 400} and never reaches the store. The two
 * request services are {@link RequestIntake}'s.
 *
 * <p>With CurveZMQ on, a request is stored with its submitter's public key and only that key, an
 * admin key or an in-process caller may read, close, cancel or see the status of it: anyone else
 * is answered exactly as for an unknown id ({@code 400}; {@code 200} for close, which is
 * idempotent), so a uuid alone reveals nothing. Idempotency keys are scoped by the submitter's key,
 * and the overall {@code titanic.status} is for privileged callers only.
 */
final class TitanicServices implements AutoCloseable {

    static final String REQUEST_IDEM = "titanic.request.idem";
    static final String STATUS = "titanic.status";
    static final String CANCEL = "titanic.cancel";

    private static final Logger LOG = LoggerFactory.getLogger(TitanicServices.class);

    private final RequestStore store;
    private final Dispatcher dispatcher;
    private final RequestAccess access;
    private final AdmissionControl admission;
    private final ExecutorService readers;
    private final RequestIntake intake;
    private volatile Broker broker;

    TitanicServices(RequestStore store, Dispatcher dispatcher, AdmissionControl admission) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.access = new RequestAccess(store);
        this.admission = admission;
        this.intake = new RequestIntake(store, dispatcher, admission);
        this.readers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100_000), r -> {
            Thread t = new Thread(r, "titanic-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers the services on the broker; call before the broker starts. */
    void register(Broker broker) {
        this.broker = broker;
        broker.registerInternal(Tsp.REQUEST, intake::request);
        broker.registerInternal(REQUEST_IDEM, intake::requestWithKey);
        broker.registerInternal(Tsp.REPLY, this::answerReply);
        broker.registerInternal(Tsp.CLOSE, this::close);
        broker.registerInternal(STATUS, r -> offload(r, () -> status(r)));
        broker.registerInternal(CANCEL, r -> offload(r, () -> cancel(r)));
    }

    /**
     * Answers on the broker thread when the store answers from memory (pending, failed, unknown, or
     * a reply still cached), which spares two thread hand-offs; a reply to read from disk is read
     * on the reader thread, so the broker never waits for the disk.
     */
    private void answerReply(ClientRequest r) {
        Optional<RequestId> id = uuid(r.body());
        if (id.map(store::answersFromMemory).orElse(true)) {
            r.reply(answerOrError(r, () -> reply(r, id)));
        } else {
            offload(r, () -> reply(r, id));
        }
    }

    /** The id in the body, when well-formed and the caller may act on that request (else as unknown). */
    private Optional<RequestId> accessible(ClientRequest r) {
        return access.accessible(r, uuid(r.body()));
    }

    /** {@code titanic.reply}, {@code parsed} being the uuid of its body, if well-formed. */
    private List<byte[]> reply(ClientRequest r, Optional<RequestId> parsed) {
        Optional<RequestId> id = access.accessible(r, parsed);
        if (id.isEmpty()) {
            return Frames.status(Tsp.UNKNOWN);
        }
        Optional<RequestState> state = store.get(id.get());
        if (state.isEmpty()) {
            return Frames.status(Tsp.UNKNOWN);
        }
        RequestState s = state.get();
        if (s instanceof RequestState.Replied replied) {
            return Frames.status(Tsp.OK, replied.frames());
        }
        if (s instanceof RequestState.Failed failed) {
            return Frames.status("410 " + failed.reason());
        }
        return Frames.status(Tsp.PENDING);
    }

    private void close(ClientRequest r) {
        Optional<RequestId> id = uuid(r.body());
        if (id.isEmpty()) {
            r.reply(Frames.status(Tsp.UNKNOWN));
            return;
        }
        if (access.accessible(r, id).isEmpty()) {
            // Closing an unknown id succeeds (idempotent): another key's request is answered the same.
            r.reply(Frames.status(Tsp.OK));
            return;
        }
        dispatcher.forget(id.get());
        store.close(id.get()).whenComplete((ok, error) -> r.reply(error == null
                ? Frames.status(Tsp.OK)
                : Frames.status(Tsp.ERROR + " close not stored: " + rootMessage(error))));
    }

    private List<byte[]> status(ClientRequest r) {
        List<byte[]> body = r.body();
        if (body.isEmpty() && !r.caller().privileged()) {
            return Frames.status(Tsp.UNKNOWN + " the overall status is for admin keys");
        }
        if (body.isEmpty()) {
            String json = StatusJson.overall(dispatcher, store, admission, broker);
            return Frames.status(Tsp.OK, List.of(Frames.ascii(json)));
        }
        Optional<RequestId> id = accessible(r);
        Optional<RequestState> state = id.flatMap(store::get);
        if (state.isEmpty()) {
            return Frames.status(Tsp.UNKNOWN);
        }
        Optional<JobStatus> job = state.get() instanceof RequestState.Pending
                ? dispatcher.status(id.get()) : Optional.empty();
        return Frames.status(Tsp.OK, List.of(Frames.ascii(StatusJson.of(id.get(), state.get(), job))));
    }

    /** {@code titanic.cancel [uuid]}; runs on the reader thread and waits for the store. */
    private List<byte[]> cancel(ClientRequest r) {
        Optional<RequestId> id = accessible(r);
        if (id.isEmpty()) {
            return Frames.status(Tsp.UNKNOWN);
        }
        if (await(dispatcher.cancel(id.get()))) {
            return Frames.status(Tsp.OK);
        }
        Optional<RequestState> state = store.get(id.get());
        if (state.isEmpty()) {
            return Frames.status(Tsp.UNKNOWN);
        }
        if (state.get() instanceof RequestState.Pending) {
            // Stored but not (or no longer) in the dispatcher's books, e.g. before recovery re-queued it.
            await(store.putFailure(id.get(), Dispatcher.CANCELLED));
        }
        return Frames.status(Tsp.OK);
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while cancelling", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cancel not stored: " + rootMessage(e), e);
        }
    }

    private static Optional<RequestId> uuid(List<byte[]> body) {
        if (body.size() != 1) {
            return Optional.empty();
        }
        String text = Frames.text(body.get(0));
        return Tsp.isUuid(text) ? RequestId.parse(text) : Optional.empty();
    }

    /** Runs a handler that may read the disk off the broker thread; a failure answers 500. */
    private void offload(ClientRequest r, java.util.function.Supplier<List<byte[]>> handler) {
        try {
            readers.execute(() -> r.reply(answerOrError(r, handler)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("{} refused: reader queue full", r.service());
            r.reply(Frames.status(Tsp.ERROR + " server busy"));
        }
    }

    /** The handler's answer, or {@code 500} with the reason when it failed. */
    private static List<byte[]> answerOrError(ClientRequest r, java.util.function.Supplier<List<byte[]>> handler) {
        try {
            return handler.get();
        } catch (RuntimeException e) {
            LOG.error("{} failed", r.service(), e);
            return Frames.status(Tsp.ERROR + " " + rootMessage(e));
        }
    }

    /** The message of the innermost cause of {@code error}, for a 500 answer. */
    static String rootMessage(Throwable error) {
        Throwable t = error;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        intake.close();
        Shutdowns.shutdownAndWait(readers, "titanic-reader", LOG);
    }
}
