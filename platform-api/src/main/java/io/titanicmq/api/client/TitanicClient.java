package io.titanicmq.api.client;

import io.titanicmq.api.protocol.Tsp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.zeromq.ZContext;

/**
 * A 9/TSP (Titanic) client over a {@link MajordomoClient}: store a request and get its id, fetch
 * or wait for the reply, close the request.
 *
 * <p>Requests go to {@value #IDEMPOTENT_REQUEST} with {@code [key][service][body...]} (a
 * TitanicMQ extension of {@code titanic.request}, see docs/protocol.md): the server answers the
 * same id for the same key, so a request resent after a timeout is stored once. Without an
 * explicit key the client makes a random one per request.
 *
 * <p>Thread-safe. Do not call its blocking methods from a callback of a
 * {@link MajordomoClient#send} future: those run on the client's I/O thread.
 */
public final class TitanicClient implements AutoCloseable {

    /** The idempotent request service: {@code [key][service][body...]} to {@code [200][uuid]}. */
    public static final String IDEMPOTENT_REQUEST = "titanic.request.idem";

    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MajordomoClient mdp;
    private final boolean ownsClient;
    private final TspAnswers answers;

    /**
     * A client with its own ZeroMQ context and default options.
     *
     * @param brokerEndpoint the broker's endpoint, e.g. {@code tcp://127.0.0.1:5555}
     */
    public TitanicClient(String brokerEndpoint) {
        this(new MajordomoClient(brokerEndpoint), true);
    }

    /**
     * A client whose sockets come from a shadow of the caller's context.
     *
     * @param context the application's ZeroMQ context, closed by the caller after this client
     * @param brokerEndpoint the broker's endpoint
     * @param options timeouts, retries, slots, queue bound, linger
     */
    public TitanicClient(ZContext context, String brokerEndpoint, ClientOptions options) {
        this(new MajordomoClient(context, brokerEndpoint, options), true);
    }

    /**
     * A client sharing an existing {@link MajordomoClient}; {@link #close()} leaves it open.
     *
     * @param client the MDP client to send through
     */
    public TitanicClient(MajordomoClient client) {
        this(client, false);
    }

    private TitanicClient(MajordomoClient client, boolean ownsClient) {
        this.mdp = Objects.requireNonNull(client, "client");
        this.ownsClient = ownsClient;
        this.answers = new TspAnswers(client.endpoint());
    }

    /** The MDP client this client sends through. */
    public MajordomoClient majordomo() {
        return mdp;
    }

    /**
     * Stores a request under a fresh idempotency key, so the MDP client's resends after a
     * timeout never store it twice. A caller who wants to try again after a
     * {@link ClientException} without risking a second job should use
     * {@link #request(String, List, String)} with a key of its own.
     *
     * @param service the service that is to handle the request
     * @param body the request frames
     * @return the request id, 32 hex characters
     * @throws ClientException when the server failed ({@code 500}, with its text), answered
     *     something malformed, or the MDP call failed
     */
    public String request(String service, List<byte[]> body) throws ClientException {
        return request(service, body, newKey());
    }

    /**
     * Stores a request under the caller's idempotency key: the same key gives the same id, so
     * the caller may repeat the call (even from another process) without storing a second job.
     *
     * @param service the service that is to handle the request
     * @param body the request frames
     * @param idempotencyKey a non-empty key unique to this logical request
     * @return the request id, 32 hex characters
     * @throws ClientException as {@link #request(String, List)}
     */
    public String request(String service, List<byte[]> body, String idempotencyKey) throws ClientException {
        return answers.requestId(service, mdp.call(IDEMPOTENT_REQUEST, requestFrames(service, body, idempotencyKey)));
    }

    /**
     * Stores many requests, pipelined: up to twice the client's slots are in flight at once, each
     * under its own fresh idempotency key.
     *
     * @param service the service that is to handle the requests
     * @param bodies the request frames of each request
     * @return the request ids, in the order of {@code bodies}
     * @throws BatchRequestException when some failed; it holds the ids of those stored
     * @throws ClientException when interrupted (the flag is restored)
     */
    public List<String> requestBatch(String service, List<List<byte[]>> bodies) throws ClientException {
        int window = Math.max(1, mdp.options().slots() * 2);
        List<CompletableFuture<List<byte[]>>> futures = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            if (i >= window) {
                awaitDone(futures.get(i - window), futures);
            }
            futures.add(mdp.send(IDEMPOTENT_REQUEST, requestFrames(service, bodies.get(i), newKey())));
        }
        List<String> uuids = new ArrayList<>(bodies.size());
        Throwable firstFailure = null;
        int failed = 0;
        for (CompletableFuture<List<byte[]>> future : futures) {
            awaitDone(future, futures);
            try {
                uuids.add(answers.requestId(service, future.join()));
            } catch (CompletionException | CancellationException | ClientException e) {
                uuids.add(null);
                failed++;
                if (firstFailure == null) {
                    firstFailure = e instanceof CompletionException ? e.getCause() : e;
                }
            }
        }
        if (failed > 0) {
            throw new BatchRequestException(failed + " of " + bodies.size() + " requests for service '" + service
                    + "' failed; first: " + firstFailure.getMessage(), uuids, firstFailure);
        }
        return uuids;
    }

    /**
     * Asks once for the reply of a request ({@code titanic.reply}).
     *
     * @param uuid the request id, 32 hex characters
     * @return ready with the reply, pending, unknown (or closed), failed, or a server error
     * @throws IllegalArgumentException when {@code uuid} is not 32 hex characters
     * @throws ClientException when the MDP call failed or the server's answer is malformed
     */
    public ReplyResult reply(String uuid) throws ClientException {
        return answers.replyResult(uuid, mdp.call(Tsp.REPLY, checkedUuid(uuid)));
    }

    /**
     * Asks for the reply until it is ready, unknown or failed, or the deadline passed, waiting
     * between questions with a backoff from 10 ms doubling to 1 s. A server error ({@code 500})
     * is asked again too. The deadline is checked between questions; one question may take up to
     * the MDP client's timeout × attempts.
     *
     * @param uuid the request id, 32 hex characters
     * @param deadline how long to keep asking
     * @return the first ready, unknown or failed result, or the last one (pending or server
     *     error) when the deadline passed
     * @throws ClientException when a question failed, or the wait was interrupted (the flag is
     *     restored)
     */
    public ReplyResult waitForReply(String uuid, Duration deadline) throws ClientException {
        long end = System.nanoTime() + deadline.toNanos();
        long backoff = FIRST_BACKOFF_NANOS;
        while (true) {
            ReplyResult result = reply(uuid);
            ReplyResult.Kind kind = result.kind();
            if (kind != ReplyResult.Kind.PENDING && kind != ReplyResult.Kind.ERROR) {
                return result;
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return result;
            }
            pause(Math.min(backoff, left), uuid);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    /**
     * Closes a request ({@code titanic.close}): the server may forget it and its reply. Closing
     * an unknown or already closed request succeeds too.
     *
     * @param uuid the request id, 32 hex characters
     * @throws IllegalArgumentException when {@code uuid} is not 32 hex characters
     * @throws ClientException when the server did not answer {@code 200}, or the MDP call failed
     */
    public void close(String uuid) throws ClientException {
        TspStatus status = answers.status(Tsp.CLOSE, mdp.call(Tsp.CLOSE, checkedUuid(uuid)));
        if (!status.isOk()) {
            throw new ClientException(Tsp.CLOSE + " of " + uuid + " at " + mdp.endpoint() + " answered '" + status + "'");
        }
    }

    /** Closes the MDP client if this client made it; a shared one stays open. */
    @Override
    public void close() {
        if (ownsClient) {
            mdp.close();
        }
    }

    private static String newKey() {
        UUID key = UUID.randomUUID();
        return String.format("%016x%016x", key.getMostSignificantBits(), key.getLeastSignificantBits());
    }

    private static List<byte[]> requestFrames(String service, List<byte[]> body, String key) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(key, "idempotencyKey");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("idempotency key must not be empty");
        }
        List<byte[]> frames = new ArrayList<>(body.size() + 2);
        frames.add(key.getBytes(StandardCharsets.UTF_8));
        frames.add(service.getBytes(StandardCharsets.UTF_8));
        frames.addAll(body);
        return frames;
    }

    private static String checkedUuid(String uuid) {
        if (!Tsp.isUuid(uuid)) {
            throw new IllegalArgumentException("not a request id (32 hex characters): '" + uuid + "'");
        }
        return uuid;
    }

    private void awaitDone(CompletableFuture<List<byte[]>> future, List<CompletableFuture<List<byte[]>>> all)
            throws ClientException {
        ClientOptions options = mdp.options();
        long budget = options.timeout().toNanos() * (options.attempts() + 1L);
        try {
            future.get(budget, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            // The failure is read with the outcome afterwards; here we only wait for it.
            return;
        } catch (TimeoutException e) {
            // Cancelled, the request counts as failed when its outcome is read.
            future.cancel(false);
        } catch (InterruptedException e) {
            throw interrupted("a batch of requests", e, all);
        }
    }

    private static ClientException interrupted(String what, InterruptedException e,
            List<CompletableFuture<List<byte[]>>> toCancel) {
        Thread.currentThread().interrupt();
        for (CompletableFuture<List<byte[]>> future : toCancel) {
            future.cancel(false);
        }
        return new ClientException("interrupted while waiting for " + what, e);
    }

    private void pause(long nanos, String uuid) throws ClientException {
        long until = System.nanoTime() + nanos;
        long left;
        while ((left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
            if (Thread.currentThread().isInterrupted()) {
                throw new ClientException("interrupted while waiting for the reply to " + uuid + " at " + mdp.endpoint());
            }
        }
    }
}
