package io.titanicmq.api.client;

/**
 * A snapshot of a {@link MajordomoClient}'s counters since it was created.
 *
 * @param sent request messages sent, resends included
 * @param retries resends after a timeout
 * @param timedOut requests failed because every attempt timed out
 * @param malformedReplies messages dropped for a wrong header or missing frames
 * @param unmatchedReplies well-formed replies dropped because no request on their connection
 *     waited for them (late replies to an earlier attempt, or a service that does not match)
 * @param socketsRecreated connections closed and reopened because the peer may have lost state
 * @param inFlight requests sent and waiting for their reply right now
 * @param unfinished requests accepted and not yet completed right now (in flight plus queued)
 */
public record ClientStats(long sent, long retries, long timedOut, long malformedReplies, long unmatchedReplies,
        long socketsRecreated, int inFlight, int unfinished) {
}
