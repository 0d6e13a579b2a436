package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * Renders one request's state for {@code titanic.status [uuid]}. A pending request also shows what
 * the dispatcher knows in memory: {@code running}, and for a running attempt {@code attempt},
 * {@code elapsed-ms}, the last {@code progress} and {@code message} reported, and {@code eta-ms}
 * when the progress is above 0.
 */
final class StatusJson {

    private StatusJson() {
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
