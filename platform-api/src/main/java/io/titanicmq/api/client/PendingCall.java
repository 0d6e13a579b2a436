package io.titanicmq.api.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request from its {@link MajordomoClient#send} to its reply or failure. Fields other than the
 * future are only touched by the I/O thread.
 */
final class PendingCall implements LoopCommand {

    final String service;
    final byte[] serviceFrame;
    final List<byte[]> body;
    final CompletableFuture<List<byte[]>> future = new CompletableFuture<>();
    /** Attempts sent so far (I/O thread only). */
    int attempts;

    PendingCall(String service, List<byte[]> body) {
        this.service = service;
        this.serviceFrame = service.getBytes(StandardCharsets.UTF_8);
        this.body = body;
    }
}
