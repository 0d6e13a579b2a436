package io.titanicmq.runtime.fuzz;

/**
 * The kinds of message the fuzzer sends, with how often each is drawn. Frames are what a DEALER
 * sends, i.e. what the broker's ROUTER sees after the peer's identity.
 */
public enum FuzzCategory {
    /** A well-formed 7/MDP client request: echo, mmi.*, titanic.*, fuzz services, unknown services. */
    CLIENT_VALID(10),
    /** A well-formed client request with 1-3 mutations (bit flips, truncation, frames inserted or dropped). */
    CLIENT_MUTATED(15),
    /** A well-formed worker command: READY for a fuzz service, HEARTBEAT, DISCONNECT, REPLY, PROGRESS. */
    WORKER_VALID(10),
    /** A well-formed worker command with 1-3 mutations. */
    WORKER_MUTATED(15),
    /** A worker message whose command byte is unknown, empty or several bytes long. */
    WORKER_UNKNOWN_COMMAND(5),
    /** A protocol header that is neither MDPC01 nor MDPW01 (other versions, case, empty, random). */
    WRONG_HEADER(8),
    /** A well-formed message cut short: fewer frames, or its last frame cut. */
    TRUNCATED(8),
    /** titanic.reply/close/status/cancel and titanic.request(.idem) with bad ids, traversal strings, bad shapes. */
    TITANIC_BAD_ARGS(10),
    /** 1-8 frames of random bytes. */
    RANDOM_BYTES(10),
    /** 1-20 empty frames. */
    EMPTY_FRAMES(4),
    /** A client or worker header followed by 100-2,000 small frames. */
    MANY_FRAMES(3),
    /** A frame between a quarter and a half of the broker's max message size. */
    HUGE_FRAME(0.02),
    /** A message just above the broker's max message size (the broker's socket drops the connection). */
    OVERSIZE(0.01);

    private final double weight;

    FuzzCategory(double weight) {
        this.weight = weight;
    }

    /** Relative frequency; the categories' weights add up to about 100. */
    double weight() {
        return weight;
    }
}
