package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.Tsp;
import io.titanicmq.runtime.broker.ClientRequest;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestStore;
import io.titanicmq.runtime.store.ServiceNames;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The intake side of the Titanic services: {@code titanic.request} and
 * {@code titanic.request.idem}. Checks the service frame, asks {@link AdmissionControl}, stores the
 * request (large ones off the broker thread, {@link LargeRequestIntake}), hands it to the
 * {@link Dispatcher} once durable and answers {@code [200][uuid]}, or {@code 400}/{@code 500} with
 * the reason. Requests with the same idempotency key (scoped by the caller's key) get one uuid,
 * also while the first is still being stored.
 */
final class RequestIntake {

    private final RequestStore store;
    private final Dispatcher dispatcher;
    private final AdmissionControl admission;
    private final Map<String, CompletableFuture<RequestId>> keysInFlight = new ConcurrentHashMap<>();
    private final LargeRequestIntake intake = new LargeRequestIntake();

    RequestIntake(RequestStore store, Dispatcher dispatcher, AdmissionControl admission) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.admission = admission;
    }

    /** {@code titanic.request [service][body...]}. */
    void request(ClientRequest r) {
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

    /** {@code titanic.request.idem [key][service][body...]}: at most one request per (caller, key). */
    void requestWithKey(ClientRequest r) {
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
        String service = ServiceNames.canonical(Frames.text(serviceAndBody.get(0)));
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
            r.reply(Frames.status(Tsp.ERROR + " request not stored: " + TitanicServices.rootMessage(error)));
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

    /** Stops the thread that stores large requests. */
    void close() {
        intake.close();
    }
}
