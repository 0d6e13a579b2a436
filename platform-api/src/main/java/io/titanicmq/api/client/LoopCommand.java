package io.titanicmq.api.client;

/** What callers hand to the client's I/O thread: a request to send, or the order to stop. */
sealed interface LoopCommand permits PendingCall, LoopCommand.Shutdown {

    /** Stop: fail what is outstanding, close the sockets, end the thread. */
    enum Shutdown implements LoopCommand {
        /** The only instance. */
        INSTANCE
    }
}
