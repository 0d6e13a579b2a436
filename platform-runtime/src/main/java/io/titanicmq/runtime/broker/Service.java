package io.titanicmq.runtime.broker;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;

/**
 * One service: its FIFO of requests waiting for a worker, its idle workers in least-recently-used
 * order (the head has waited longest) and how many live workers it has. Broker thread only.
 */
final class Service {

    private final String name;
    private final Deque<PendingRequest> waiting = new ArrayDeque<>();
    private final Deque<WorkerEntry> idle = new ArrayDeque<>();
    private int workers;

    Service(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    void enqueue(PendingRequest request) {
        waiting.addLast(request);
    }

    /** Whether a request and an idle worker are both available. */
    boolean canDispatch() {
        return !waiting.isEmpty() && !idle.isEmpty();
    }

    PendingRequest nextRequest() {
        return waiting.pollFirst();
    }

    /** The idle worker that has waited longest. */
    WorkerEntry leastRecentlyUsed() {
        return idle.pollFirst();
    }

    /** Removes the first waiting request with this client address; whether there was one. */
    boolean dropQueued(byte[] address) {
        for (Iterator<PendingRequest> it = waiting.iterator(); it.hasNext(); ) {
            if (Arrays.equals(it.next().requester().address(), address)) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** The oldest waiting request, or null. */
    PendingRequest oldest() {
        return waiting.peekFirst();
    }

    int queued() {
        return waiting.size();
    }

    void added(WorkerEntry worker) {
        workers++;
        idle.addLast(worker);
    }

    void becameIdle(WorkerEntry worker) {
        idle.addLast(worker);
    }

    void removed(WorkerEntry worker) {
        workers--;
        idle.remove(worker);
    }

    int liveWorkers() {
        return workers;
    }

    /** No workers and nothing queued: the entry can go (random service names must not pile up). */
    boolean isUnused() {
        return workers == 0 && waiting.isEmpty();
    }
}
