package io.titanicmq.runtime.broker;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.api.protocol.MdpCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The broker's state and decisions: services with their queues, workers with their deadlines,
 * which worker serves which request. Broker thread only; {@link InboundHandler} calls it after a
 * message was validated, {@link BrokerLoop} calls {@link #housekeeping} when a deadline is due.
 *
 * <p>State is always updated before a requester is called back, so a callback that submits a new
 * request (which runs right away on this thread) finds it consistent.
 */
final class Routing {

    private final Map<String, Service> services = new HashMap<>();
    private final Map<String, WorkerEntry> workers = new HashMap<>();
    private final Map<String, InternalService> internal;
    private final Outbound out;
    private final MessageCounters counters;
    private final Executor onLoop;
    private final long intervalNanos;
    private final long workerTimeoutNanos;
    private final long expiryNanos;
    private final long granularityNanos;
    private long nextHousekeeping;

    Routing(BrokerSettings settings, Map<String, InternalService> internal, Outbound out,
            MessageCounters counters, Executor onLoop) {
        this.internal = Map.copyOf(internal);
        this.out = out;
        this.counters = counters;
        this.onLoop = onLoop;
        this.intervalNanos = settings.heartbeatInterval().toNanos();
        this.workerTimeoutNanos = settings.workerTimeout().toNanos();
        this.expiryNanos = settings.requestExpiry().toNanos();
        this.granularityNanos = Math.max(intervalNanos / 8, 1_000_000L);
        this.nextHousekeeping = System.nanoTime() + intervalNanos;
    }

    /** Whether the broker itself answers {@code service} (8/MMI or an internal service). */
    boolean answersItself(String service) {
        return service.startsWith(Mdp.MMI_PREFIX) || internal.containsKey(service);
    }

    /** A request from a client or from {@code submit}: MMI, internal service or worker queue. */
    void request(String service, List<byte[]> body, Requester requester, long now) {
        if (service.startsWith(Mdp.MMI_PREFIX)) {
            requester.deliver(out, service, List.of(mmi(service, body)));
            return;
        }
        InternalService handler = internal.get(service);
        if (handler != null) {
            handler.handle(new BrokerClientRequest(service, body, requester, out, onLoop));
            return;
        }
        Service entry = services.computeIfAbsent(service, Service::new);
        PendingRequest pending = new PendingRequest(service, body, requester, now + expiryNanos);
        entry.enqueue(pending);
        schedule(pending.expiresAtNanos());
        dispatch(entry, now);
    }

    /** 8/MMI: {@code mmi.service} answers 200/404, any other {@code mmi.*} 501. */
    private byte[] mmi(String service, List<byte[]> body) {
        if (!service.equals(Mdp.MMI_SERVICE)) {
            return ascii(Mdp.MMI_NOT_IMPLEMENTED);
        }
        String asked = body.isEmpty() ? "" : new String(body.get(0), StandardCharsets.UTF_8);
        Service entry = services.get(asked);
        boolean found = (entry != null && entry.liveWorkers() > 0)
                || internal.containsKey(asked) || asked.equals(Mdp.MMI_SERVICE);
        return ascii(found ? Mdp.MMI_FOUND : Mdp.MMI_NOT_FOUND);
    }

    /** The worker registered by this identity key, or null. */
    WorkerEntry worker(String key) {
        return workers.get(key);
    }

    /** Any message from a registered worker proves it alive. */
    void heard(WorkerEntry worker, long now) {
        worker.heard(now, workerTimeoutNanos);
    }

    /** A READY from a new worker. */
    void ready(byte[] identity, String key, String service, long now) {
        Service entry = services.computeIfAbsent(service, Service::new);
        WorkerEntry worker = new WorkerEntry(identity, key, entry);
        worker.heard(now, workerTimeoutNanos);
        worker.sent(now, intervalNanos);
        workers.put(key, worker);
        entry.added(worker);
        schedule(worker.heartbeatAtNanos());
        dispatch(entry, now);
    }

    /** A REPLY from a worker that is serving a request. */
    void reply(WorkerEntry worker, List<byte[]> body, long now) {
        PendingRequest done = worker.finish();
        worker.service().becameIdle(worker);
        counters.replied();
        dispatch(worker.service(), now);
        done.requester().deliver(out, done.service(), body);
    }

    /** A PROGRESS from a worker, already checked to be about the request it serves. */
    void progress(WorkerEntry worker, double fraction, String message) {
        PendingRequest serving = worker.serving();
        tell("progress callback", () -> serving.requester().progress(fraction, message));
    }

    /**
     * Cancels the request to {@code service} with client address {@code address}: drops it from
     * the queue, or, when a worker is serving it, sends that worker DISCONNECT and forgets it (7/MDP
     * has no cancel; a worker that is disconnected abandons its request). The requester is not
     * called back. Nothing happens when no such request is here.
     *
     * @return whether a request was found
     */
    boolean cancel(String service, byte[] address) {
        Service entry = services.get(service);
        if (entry == null) {
            return false;
        }
        if (entry.dropQueued(address)) {
            if (entry.isUnused()) {
                services.remove(service);
            }
            return true;
        }
        for (WorkerEntry worker : workers.values()) {
            PendingRequest serving = worker.serving();
            if (worker.service() == entry && serving != null
                    && Arrays.equals(serving.requester().address(), address)) {
                worker.finish();
                remove(worker, true);
                return true;
            }
        }
        return false;
    }

    /**
     * Forgets a worker (DISCONNECT received, dead, or invalid), never to route to it again. The
     * request it was serving is lost; its requester is told.
     */
    void remove(WorkerEntry worker, boolean sendDisconnect) {
        workers.remove(worker.key());
        Service entry = worker.service();
        entry.removed(worker);
        if (entry.isUnused()) {
            services.remove(entry.name());
        }
        if (sendDisconnect) {
            out.command(worker.identity(), MdpCommand.DISCONNECT);
        }
        PendingRequest lost = worker.finish();
        if (lost != null) {
            tell("worker-lost callback", lost.requester()::workerLost);
        }
    }

    /** When {@link #housekeeping} is next due ({@link System#nanoTime()} scale). */
    long nextHousekeeping() {
        return nextHousekeeping;
    }

    /** Removes dead workers, sends due heartbeats, expires requests nobody can serve. */
    void housekeeping(long now) {
        nextHousekeeping = now + intervalNanos;
        long next = now + intervalNanos;
        for (WorkerEntry worker : new ArrayList<>(workers.values())) {
            if (worker.expiresAtNanos() - now <= 0) {
                remove(worker, false);
                continue;
            }
            if (worker.heartbeatAtNanos() - now <= 0) {
                out.command(worker.identity(), MdpCommand.HEARTBEAT);
                worker.sent(now, intervalNanos);
            }
            next = earliest(next, earliest(worker.heartbeatAtNanos(), worker.expiresAtNanos()));
        }
        List<PendingRequest> expired = new ArrayList<>();
        for (Service entry : new ArrayList<>(services.values())) {
            next = expire(entry, now, expired, next);
        }
        nextHousekeeping = Math.max(next, now + granularityNanos);
        for (PendingRequest request : expired) {
            tell("expiry callback", request.requester()::expired);
        }
    }

    /** A service's queue waits while it has workers (even busy ones); without any it expires. */
    private long expire(Service entry, long now, List<PendingRequest> expired, long next) {
        if (entry.liveWorkers() > 0) {
            return next;
        }
        PendingRequest oldest;
        while ((oldest = entry.oldest()) != null && oldest.expiresAtNanos() - now <= 0) {
            expired.add(entry.nextRequest());
            counters.expired();
        }
        if (entry.isUnused()) {
            services.remove(entry.name());
            return next;
        }
        return oldest == null ? next : earliest(next, oldest.expiresAtNanos());
    }

    /** Live workers per service, for {@link BrokerStats}. */
    Map<String, Integer> liveWorkers() {
        Map<String, Integer> result = new HashMap<>();
        services.forEach((name, entry) -> {
            if (entry.liveWorkers() > 0) {
                result.put(name, entry.liveWorkers());
            }
        });
        return result;
    }

    /** How many service entries exist (empty ones are removed). */
    int serviceCount() {
        return services.size();
    }

    /** Queued requests per service, for {@link BrokerStats}. */
    Map<String, Integer> queued() {
        Map<String, Integer> result = new HashMap<>();
        services.forEach((name, entry) -> {
            if (entry.queued() > 0) {
                result.put(name, entry.queued());
            }
        });
        return result;
    }

    private void dispatch(Service entry, long now) {
        while (entry.canDispatch()) {
            PendingRequest request = entry.nextRequest();
            WorkerEntry worker = entry.leastRecentlyUsed();
            worker.serve(request);
            out.request(worker.identity(), request.requester().address(), request.body());
            worker.sent(now, intervalNanos);
            counters.routed();
            tell("dispatched callback", request.requester()::dispatched);
        }
    }

    /** Calls a requester back; a failing callback is counted and logged, the others still run. */
    private void tell(String what, Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            counters.failed(what, e);
        }
    }

    private void schedule(long deadline) {
        nextHousekeeping = earliest(nextHousekeeping, deadline);
    }

    private static long earliest(long a, long b) {
        return a - b <= 0 ? a : b;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
