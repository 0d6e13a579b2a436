package io.titanicmq.runtime.store;

import java.util.List;

/** What the store knows about an open request. A closed request has no state. */
public sealed interface RequestState permits RequestState.Pending, RequestState.Replied, RequestState.Failed {

    /** Stored, no outcome yet; {@code attempts} is how often it was dispatched so far. */
    record Pending(String service, int attempts) implements RequestState {
    }

    /** The stored reply frames. */
    record Replied(List<byte[]> frames) implements RequestState {
        /** Copies the list (not the frames). */
        public Replied {
            frames = List.copyOf(frames);
        }
    }

    /** A terminal failure stored as the outcome. */
    record Failed(String reason) implements RequestState {
    }
}
