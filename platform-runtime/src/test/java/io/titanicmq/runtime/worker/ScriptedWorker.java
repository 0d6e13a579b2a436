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

    ScriptedWorker(String service, Handler handler) {
        this.service = service;
        this.handler = handler;
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
