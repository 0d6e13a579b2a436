package io.titanicmq.runtime.broker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link DispatchListener} that records each outcome by address (ASCII), for assertions. */
final class RecordingListener implements DispatchListener {

    final Map<String, List<byte[]>> replies = new ConcurrentHashMap<>();
    final Map<String, Boolean> lost = new ConcurrentHashMap<>();
    final Map<String, Boolean> expired = new ConcurrentHashMap<>();
    /** Addresses of requests a worker took, in order. */
    final List<String> dispatched = new CopyOnWriteArrayList<>();
    /** Progress reports in arrival order, as {@code address fraction message}. */
    final List<String> progress = new CopyOnWriteArrayList<>();
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

    @Override
    public void onDispatched(byte[] address) {
        dispatched.add(ascii(address));
    }

    @Override
    public void onProgress(byte[] address, double fraction, String message) {
        calledOn = Thread.currentThread();
        progress.add(ascii(address) + " " + fraction + " " + message);
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
