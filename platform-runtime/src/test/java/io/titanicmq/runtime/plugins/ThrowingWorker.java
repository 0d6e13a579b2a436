package io.titanicmq.runtime.plugins;

import io.titanicmq.api.Request;
import io.titanicmq.api.Worker;
import java.util.List;

/** Packed into a plug-in jar by the tests: its constructor throws. */
public final class ThrowingWorker implements Worker {

    public ThrowingWorker() {
        throw new IllegalStateException("constructor refuses");
    }

    @Override
    public String service() {
        return "never";
    }

    @Override
    public List<byte[]> handle(Request request) {
        return request.frames();
    }
}
