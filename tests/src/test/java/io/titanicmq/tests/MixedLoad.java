package io.titanicmq.tests;

import io.titanicmq.api.client.MajordomoClient;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TspStatus;
import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mixed client load on one server, as a crash test wants it: one thread submits
 * {@code titanic.request echo [body]} (up to {@value #SUBMIT_WINDOW} in flight), another fetches
 * {@code titanic.reply} of acknowledged requests and closes about half of those it got a reply
 * for (up to {@value #FETCH_WINDOW} in flight), while the server's echo workers dispatch and
 * reply. Everything the server says is recorded in a {@link CrashLedger}; requests not finished
 * with stay queued here for the next server life.
 */
final class MixedLoad {

    private static final int SUBMIT_WINDOW = 32;
    private static final int FETCH_WINDOW = 16;
    private static final long WINDOW_WAIT_MS = 20;
    /** Bodies up to this much longer than their sequence number: most pass the store's 512 B gzip threshold. */
    private static final int MAX_PADDING = 1500;

    private final CrashLedger ledger;
    private final AtomicInteger sequence = new AtomicInteger();
    private final BlockingQueue<String> toFetch = new LinkedBlockingQueue<>();

    MixedLoad(CrashLedger ledger) {
        this.ledger = ledger;
    }

    /** Starts the two load threads against {@code mdp}; stop them with {@link Run#stop()}. */
    Run start(MajordomoClient mdp) {
        return new Run(mdp);
    }

    /** The load on one server life. */
    final class Run {
        private final MajordomoClient mdp;
        private final Semaphore submitSlots = new Semaphore(SUBMIT_WINDOW);
        private final Semaphore fetchSlots = new Semaphore(FETCH_WINDOW);
        private final Thread submitter;
        private final Thread fetcher;
        private volatile boolean stopped;

        private Run(MajordomoClient mdp) {
            this.mdp = mdp;
            this.submitter = new Thread(this::submitUntilStopped, "crash-load submit");
            this.fetcher = new Thread(this::fetchUntilStopped, "crash-load fetch");
            submitter.start();
            fetcher.start();
        }

        /**
         * Stops sending and waits until every request sent has its answer or has failed (a killed
         * server's requests fail after the client's timeout × attempts).
         */
        void stop() throws InterruptedException {
            stopped = true;
            submitter.join();
            fetcher.join();
            submitSlots.acquire(SUBMIT_WINDOW);
            fetchSlots.acquire(FETCH_WINDOW);
        }

        private void submitUntilStopped() {
            while (!stopped) {
                if (!acquire(submitSlots)) {
                    continue;
                }
                String body = "req-" + sequence.incrementAndGet() + "-"
                        + "x".repeat(ThreadLocalRandom.current().nextInt(MAX_PADDING));
                mdp.send(Tsp.REQUEST, List.of(bytes("echo"), bytes(body))).whenComplete((answer, error) -> {
                    if (error == null && isOk(answer) && answer.size() == 2) {
                        String uuid = new String(answer.get(1), StandardCharsets.US_ASCII);
                        ledger.acked(uuid, body);
                        toFetch.add(uuid);
                    }
                    submitSlots.release();
                });
            }
        }

        private void fetchUntilStopped() {
            while (!stopped) {
                String uuid;
                try {
                    uuid = toFetch.poll(WINDOW_WAIT_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (uuid == null) {
                    continue;
                }
                if (!acquireUnlessStopped(fetchSlots)) {
                    toFetch.add(uuid);
                    continue;
                }
                mdp.send(Tsp.REPLY, List.of(bytes(uuid))).whenComplete((answer, error) -> {
                    ReplyResult result = error == null ? replyResult(answer) : null;
                    if (result == null || !ledger.checkDuringLoad(uuid, result)) {
                        toFetch.add(uuid);
                        fetchSlots.release();
                    } else if (result.kind() == ReplyResult.Kind.READY && ThreadLocalRandom.current().nextBoolean()) {
                        closeHoldingSlot(uuid);
                    } else {
                        fetchSlots.release();
                    }
                });
            }
        }

        /** Closes a request whose reply was read; the fetch slot is freed once the close is answered. */
        private void closeHoldingSlot(String uuid) {
            ledger.closeSent(uuid);
            mdp.send(Tsp.CLOSE, List.of(bytes(uuid))).whenComplete((answer, error) -> {
                if (error == null && isOk(answer)) {
                    ledger.closed(uuid);
                }
                fetchSlots.release();
            });
        }

        private boolean acquire(Semaphore slots) {
            try {
                return slots.tryAcquire(WINDOW_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped = true;
                return false;
            }
        }

        private boolean acquireUnlessStopped(Semaphore slots) {
            while (!stopped) {
                if (acquire(slots)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static boolean isOk(List<byte[]> answer) {
        return !answer.isEmpty() && TspStatus.parse(answer.get(0)).isOk();
    }

    /** A {@code titanic.reply} answer read as the client library reads it. */
    private static ReplyResult replyResult(List<byte[]> answer) {
        TspStatus status = TspStatus.parse(answer.get(0));
        return switch (status.code()) {
            case TspStatus.OK -> new ReplyResult.Ready(answer.subList(1, answer.size()));
            case TspStatus.PENDING -> new ReplyResult.Pending();
            case TspStatus.UNKNOWN -> new ReplyResult.Unknown(status.text());
            case TspStatus.FAILED -> new ReplyResult.Failed(status.text());
            default -> new ReplyResult.ServerError(status.text());
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
