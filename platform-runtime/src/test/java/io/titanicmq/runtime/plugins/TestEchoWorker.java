package io.titanicmq.runtime.plugins;

import io.titanicmq.api.Request;
import io.titanicmq.api.Worker;
import io.titanicmq.api.WorkerContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Packed into plug-in jars by the tests. Serves {@code titanic.plugins.<id>.service}, or
 * {@code echo-<id>}; replies {@code [service][class loader type][frames...]}.
 */
public final class TestEchoWorker implements Worker {

    private volatile String service;

    @Override
    public void start(WorkerContext context) {
        service = context.setting("service").orElse("echo-" + context.pluginId());
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public List<byte[]> handle(Request request) {
        List<byte[]> reply = new ArrayList<>();
        reply.add(service.getBytes(StandardCharsets.UTF_8));
        reply.add(getClass().getClassLoader().getClass().getName().getBytes(StandardCharsets.UTF_8));
        reply.addAll(request.frames());
        return reply;
    }
}
