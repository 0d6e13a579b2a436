package io.titanicmq.plugins.echo;

import io.titanicmq.api.Request;
import io.titanicmq.api.Worker;
import java.util.List;

/** Serves {@code echo}: replies with the request frames unchanged. */
public final class EchoWorker implements Worker {

    @Override
    public String service() {
        return "echo";
    }

    /** Echo only hands the frames back, so it runs on the connections' thread without a hand-off. */
    @Override
    public boolean nonBlocking() {
        return true;
    }

    @Override
    public List<byte[]> handle(Request request) {
        return request.frames();
    }
}
