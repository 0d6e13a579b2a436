package io.titanicmq.runtime.store;

/**
 * Wraps the completion of a group of the store's futures, which happens on the store's writer
 * thread once a group commit is durable. The user of the store can thus batch what the callbacks
 * hand to other threads: the Titanic services post one wake-up to the broker thread per group
 * instead of one per request.
 */
@FunctionalInterface
public interface CompletionScope {

    /** The scope that just runs the completions. */
    CompletionScope DIRECT = Runnable::run;

    /** Runs {@code completions} (on the calling thread, before returning). */
    void run(Runnable completions);
}
