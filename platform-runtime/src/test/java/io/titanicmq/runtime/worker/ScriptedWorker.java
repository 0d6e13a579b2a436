package io.titanicmq.runtime.worker;

import io.titanicmq.api.Request;
import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerException;
import java.util.List;

/** A worker for tests whose handler is a lambda. */
final class ScriptedWorker implements Worker {

    /** The handler body. */
    @FunctionalInterface
    interface Handler {
        List<byte[]> handle(Request request) throws WorkerException;
    }

    private final String service;
    private final Handler handler;
    private final boolean nonBlocking;

    ScriptedWorker(String service, Handler handler) {
        this(service, handler, false);
    }

    ScriptedWorker(String service, Handler handler, boolean nonBlocking) {
        this.service = service;
        this.handler = handler;
        this.nonBlocking = nonBlocking;
    }

    @Override
    public boolean nonBlocking() {
        return nonBlocking;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public List<byte[]> handle(Request request) throws WorkerException {
        return handler.handle(request);
    }
}
