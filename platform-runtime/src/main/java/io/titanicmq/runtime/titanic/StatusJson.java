package io.titanicmq.runtime.titanic;

import io.titanicmq.runtime.store.RequestId;
import io.titanicmq.runtime.store.RequestState;

/** Renders one request's state for {@code titanic.status [uuid]}. */
final class StatusJson {

    private StatusJson() {
    }

    static String of(RequestId id, RequestState state) {
        StringBuilder b = new StringBuilder("{\"id\":").append(Frames.json(id.hex())).append(",\"state\":");
        if (state instanceof RequestState.Pending p) {
            b.append("\"pending\",\"service\":").append(Frames.json(p.service())).append(",\"attempts\":").append(p.attempts());
        } else if (state instanceof RequestState.Replied) {
            b.append("\"replied\"");
        } else if (state instanceof RequestState.Failed f) {
            b.append("\"failed\",\"reason\":").append(Frames.json(f.reason()));
        }
        return b.append('}').toString();
    }
}
