package io.titanicmq.runtime.broker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link DispatchListener} that records each outcome by address (ASCII), for assertions. */
final class RecordingListener implements DispatchListener {

    final Map<String, List<byte[]>> replies = new ConcurrentHashMap<>();
    final Map<String, Boolean> lost = new ConcurrentHashMap<>();
    final Map<String, Boolean> expired = new ConcurrentHashMap<>();
    volatile Thread calledOn;

    @Override
    public void onReply(byte[] address, List<byte[]> body) {
        calledOn = Thread.currentThread();
        replies.put(ascii(address), List.copyOf(body));
    }

    @Override
    public void onWorkerLost(byte[] address) {
        calledOn = Thread.currentThread();
        lost.put(ascii(address), true);
    }

    @Override
    public void onExpired(byte[] address) {
        calledOn = Thread.currentThread();
        expired.put(ascii(address), true);
    }

    int outcomes() {
        return replies.size() + lost.size() + expired.size();
    }

    static String ascii(byte[] address) {
        return new String(address, StandardCharsets.US_ASCII);
    }

    static byte[] ascii(String address) {
        return address.getBytes(StandardCharsets.US_ASCII);
    }
}
