package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.Tsp;
import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.ClientRequest;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import io.titanicmq.runtime.store.RequestStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 * Anything that is not a well-formed uuid gets {@code 400} and never reaches the store.
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
    private final Map<String, CompletableFuture<RequestId>> keysInFlight = new ConcurrentHashMap<>();
    private final LargeRequestIntake intake = new LargeRequestIntake();
    private volatile Broker broker;

    TitanicServices(RequestStore store, Dispatcher dispatcher, AdmissionControl admission) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.access = new RequestAccess(store);
        this.admission = admission;
        this.readers = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(100_000), r -> {
            Thread t = new Thread(r, "titanic-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers the services on the broker; call before the broker starts. */
    void register(Broker broker) {
        this.broker = broker;
        broker.registerInternal(Tsp.REQUEST, this::request);
        broker.registerInternal(REQUEST_IDEM, this::requestWithKey);
        broker.registerInternal(Tsp.REPLY, this::answerReply);
        broker.registerInternal(Tsp.CLOSE, this::close);
        broker.registerInternal(STATUS, r -> offload(r, () -> status(r)));
        broker.registerInternal(CANCEL, r -> offload(r, () -> cancel(r)));
    }

    private void request(ClientRequest r) {
        List<byte[]> body = r.body();
        Optional<String> invalid = invalidService(body, 0);
        if (invalid.isPresent()) {
            r.reply(Frames.status(Tsp.UNKNOWN + " " + invalid.get()));
            return;
        }
        AdmissionControl.Result admitted = admit(body);
        if (admitted.refusal() != null) {
            r.reply(Frames.status(Tsp.ERROR + " " + admitted.refusal()));
            return;
        }
        store(r, body, null, admitted.admission()).whenComplete((id, error) -> answerStored(r, id, error));
    }

    /** Asks admission control about {@code [service][body...]}. */
    private AdmissionControl.Result admit(List<byte[]> serviceAndBody) {
        return admission.admit(Frames.text(serviceAndBody.get(0)), serviceAndBody.subList(1, serviceAndBody.size()));
    }

    private void requestWithKey(ClientRequest r) {
        List<byte[]> body = r.body();
        if (body.isEmpty() || body.get(0).length == 0 || body.get(0).length > 256) {
            r.reply(Frames.status(Tsp.UNKNOWN + " bad request: first frame must be an idempotency key of 1-256 bytes"));
            return;
        }
        Optional<String> invalid = invalidService(body, 1);
        if (invalid.isPresent()) {
            r.reply(Frames.status(Tsp.UNKNOWN + " " + invalid.get()));
            return;
        }
        String key = RequestAccess.scoped(r.caller(), Frames.text(body.get(0)));
        Optional<RequestId> known = store.findByIdempotencyKey(key);
        if (known.isPresent()) {
            r.reply(List.of(Frames.ascii(Tsp.OK), Frames.ascii(known.get().hex())));
            return;
        }
        CompletableFuture<RequestId> mine = new CompletableFuture<>();
        CompletableFuture<RequestId> first = keysInFlight.putIfAbsent(key, mine);
        if (first != null) {
            first.whenComplete((id, error) -> answerStored(r, id, error));
            return;
        }
        AdmissionControl.Result admitted = admit(body.subList(1, body.size()));
        if (admitted.refusal() != null) {
            keysInFlight.remove(key);
            mine.completeExceptionally(new StoreRefusal(admitted.refusal()));
            r.reply(Frames.status(Tsp.ERROR + " " + admitted.refusal()));
            return;
        }
        store(r, body.subList(1, body.size()), key, admitted.admission()).whenComplete((id, error) -> {
            keysInFlight.remove(key);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(id);
            }
            answerStored(r, id, error);
        });
    }

    private CompletableFuture<RequestId> store(ClientRequest r, List<byte[]> serviceAndBody, String key,
                                               AdmissionControl.Admission admitted) {
        CompletableFuture<RequestId> stored;
        try {
            stored = intake.store(serviceAndBody, () -> storeNow(r, serviceAndBody, key));
        } catch (RuntimeException e) {
            admitted.close();
            throw e;
        }
        return stored.whenComplete((id, error) -> admitted.close());
    }

    private CompletableFuture<RequestId> storeNow(ClientRequest r, List<byte[]> serviceAndBody, String key) {
        String service = Frames.text(serviceAndBody.get(0));
        List<byte[]> body = List.copyOf(serviceAndBody.subList(1, serviceAndBody.size()));
        RequestId id = RequestId.random();
        return store.putRequest(id, service, body, key, r.caller().key()).thenApply(ok -> {
            dispatcher.enqueue(id, service, body, 0);
            return id;
        });
    }

    /** A request refused by a limit, for the ones waiting on the same idempotency key. */
    private static final class StoreRefusal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StoreRefusal(String reason) {
            super(reason, null, false, false);
        }
    }

    private static void answerStored(ClientRequest r, RequestId id, Throwable error) {
        if (error instanceof StoreRefusal refusal) {
            r.reply(Frames.status(Tsp.ERROR + " " + refusal.getMessage()));
        } else if (error != null) {
            r.reply(Frames.status(Tsp.ERROR + " request not stored: " + rootMessage(error)));
        } else {
            r.reply(List.of(Frames.ascii(Tsp.OK), Frames.ascii(id.hex())));
        }
    }

    /** Why frame {@code index} is not a service a request may go to, if it is not. */
    private static Optional<String> invalidService(List<byte[]> body, int index) {
        if (body.size() <= index) {
            return Optional.of("bad request: missing service frame");
        }
        String service = Frames.text(body.get(index));
        if (service.isEmpty() || service.length() > 255) {
            return Optional.of("bad request: service name must be 1-255 characters");
        }
        if (service.startsWith(Mdp.MMI_PREFIX) || service.startsWith("titanic.")) {
            return Optional.of("bad request: service '" + service + "' is the broker's own and cannot be queued");
        }
        return Optional.empty();
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

    private static String rootMessage(Throwable error) {
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
        readers.shutdown();
        try {
            if (!readers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("titanic-reader did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("interrupted while stopping titanic-reader");
        }
    }
}
