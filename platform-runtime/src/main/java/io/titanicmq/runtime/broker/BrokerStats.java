package io.titanicmq.runtime.broker;

import java.util.Map;

/**
 * A snapshot of the broker's counters and queues.
 *
 * @param malformedDropped      messages dropped as malformed or unexpected (including the ones
 *                              that got their worker disconnected) and messages whose handling failed
 * @param requestsRouted        requests handed to a worker
 * @param repliesRouted         replies passed from a worker back to its requester
 * @param expired               requests dropped because no worker appeared within the request expiry
 * @param liveWorkersByService  live workers per service (busy and idle), services with workers only
 * @param queuedByService       requests waiting for a worker per service, non-empty queues only
 */
public record BrokerStats(long malformedDropped, long requestsRouted, long repliesRouted, long expired,
                          Map<String, Integer> liveWorkersByService, Map<String, Integer> queuedByService) {

    /** Copies the maps, so the snapshot never changes. */
    public BrokerStats {
        liveWorkersByService = Map.copyOf(liveWorkersByService);
        queuedByService = Map.copyOf(queuedByService);
    }
}
