package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.broker.Broker;
import io.titanicmq.runtime.broker.BrokerStats;
import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import io.titanicmq.runtime.store.RequestStore;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders {@code titanic.status}: the whole server's ({@link #overall}) and one request's state
 * for {@code titanic.status [uuid]} ({@link #of}). A pending request also shows what
 * the dispatcher knows in memory: {@code running}, and for a running attempt {@code attempt},
 * {@code elapsed-ms}, the last {@code progress} and {@code message} reported, and {@code eta-ms}
 * when the progress is above 0.
 */
final class StatusJson {

    private static final Logger LOG = LoggerFactory.getLogger(StatusJson.class);

    private StatusJson() {
    }

    /**
     * Per service, requests queued in Titanic, in flight at the broker and pending in the store;
     * the dispatcher's counters; the store's figures; admission; the broker's counters (left out,
     * with a warning, when the broker does not answer in time). Not on the broker thread: it asks it.
     */
    static String overall(Dispatcher dispatcher, RequestStore store, AdmissionControl admission, Broker broker) {
        StringBuilder json = new StringBuilder("{\"services\":{");
        String sep = "";
        for (Map.Entry<String, int[]> e : dispatcher.depth().entrySet()) {
            json.append(sep).append(Frames.json(e.getKey())).append(":{\"queued\":").append(e.getValue()[0])
                    .append(",\"in-flight\":").append(e.getValue()[1])
                    .append(",\"pending\":").append(store.pendingOf(e.getKey())).append('}');
            sep = ",";
        }
        long[] c = dispatcher.counters();
        json.append("},\"completed\":").append(c[0]).append(",\"retried\":").append(c[1])
                .append(",\"failed\":").append(c[2]).append(",\"cancelled\":").append(c[4])
                .append(",\"queued-bodies\":{\"in-memory-bytes\":").append(dispatcher.queuedBodyBytes())
                .append(",\"read-back\":").append(c[5]).append('}')
                .append(",\"store\":").append(Frames.json(store.stats().toString()))
                .append(",\"admission\":").append(admission.statusJson());
        appendBroker(json, broker);
        return json.append('}').toString();
    }

    /** The broker's counters: what the fuzz suite reads to see malformed messages dropped. */
    private static void appendBroker(StringBuilder json, Broker current) {
        if (current == null) {
            return;
        }
        BrokerStats b;
        try {
            b = current.stats();
        } catch (IllegalStateException e) {
            LOG.warn("titanic.status without broker counters: {}", e.getMessage());
            return;
        }
        json.append(",\"broker\":{\"dropped\":").append(b.malformedDropped()).append(",\"routed\":").append(b.requestsRouted())
                .append(",\"replies\":").append(b.repliesRouted()).append(",\"expired\":").append(b.expired()).append('}');
    }


    static String of(RequestId id, RequestState state, Optional<JobStatus> job) {
        StringBuilder b = new StringBuilder("{\"id\":").append(Frames.json(id.hex())).append(",\"state\":");
        if (state instanceof RequestState.Pending p) {
            b.append("\"pending\",\"service\":").append(Frames.json(p.service())).append(",\"attempts\":").append(p.attempts());
            JobStatus s = job.orElse(JobStatus.WAITING);
            b.append(",\"running\":").append(s.running());
            if (s.running()) {
                b.append(",\"attempt\":").append(s.attempt()).append(",\"elapsed-ms\":").append(s.elapsedMs());
                if (s.fraction() >= 0) {
                    b.append(",\"progress\":").append(decimal(s.fraction()))
                            .append(",\"message\":").append(Frames.json(s.message()));
                }
                if (s.etaMs() >= 0) {
                    b.append(",\"eta-ms\":").append(s.etaMs());
                }
            }
        } else if (state instanceof RequestState.Replied) {
            b.append("\"replied\"");
        } else if (state instanceof RequestState.Failed f) {
            b.append("\"failed\",\"reason\":").append(Frames.json(f.reason()));
        }
        return b.append('}').toString();
    }

    private static String decimal(double fraction) {
        return BigDecimal.valueOf(fraction).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
