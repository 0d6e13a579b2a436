package io.titanicmq.api.client;

import io.titanicmq.api.client.FakeBroker.Received;
import io.titanicmq.api.client.FakeBroker.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The 9/TSP services and TitanicMQ's extensions, in memory, as a {@link FakeBroker.Behaviour}:
 * {@code titanic.request}, {@code titanic.request.idem}, {@code titanic.reply},
 * {@code titanic.close}. Tests complete or fail jobs by hand and can make the server misbehave.
 */
final class FakeTitanic implements FakeBroker.Behaviour {

    /** One stored request. */
    static final class Job {
        final String service;
        final List<byte[]> body;
        volatile List<byte[]> reply;
        volatile String failure;
        volatile boolean closed;

        Job(String service, List<byte[]> body) {
            this.service = service;
            this.body = body;
        }

        String text(int frame) {
            return new String(body.get(frame), StandardCharsets.UTF_8);
        }
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> idByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger requestAnswersToDrop = new AtomicInteger();
    private volatile String requestError;
    private volatile String replyStatusOverride;

    @Override
    public List<Response> onRequest(Received request) {
        String service = request.service();
        calls.computeIfAbsent(service, s -> new AtomicInteger()).incrementAndGet();
        List<byte[]> body = request.body();
        switch (service) {
            case "titanic.request":
                return store(service, null, body);
            case TitanicClient.IDEMPOTENT_REQUEST:
                return store(service, request.text(0), body.subList(1, body.size()));
            case "titanic.reply":
                return List.of(reply(service, request.text(0)));
            case "titanic.close":
                Job job = jobs.get(request.text(0));
                if (job != null) {
                    job.closed = true;
                }
                return List.of(Response.text(service, "200"));
            default:
                return List.of(Response.text(service, "500 no such service here"));
        }
    }

    private List<Response> store(String tspService, String key, List<byte[]> serviceAndBody) {
        if (requestError != null) {
            return List.of(Response.text(tspService, requestError));
        }
        String service = new String(serviceAndBody.get(0), StandardCharsets.UTF_8);
        Job job = new Job(service, List.copyOf(serviceAndBody.subList(1, serviceAndBody.size())));
        String id;
        if (key == null) {
            id = newId();
            jobs.put(id, job);
        } else {
            id = idByKey.computeIfAbsent(key, k -> {
                String fresh = newId();
                jobs.put(fresh, job);
                return fresh;
            });
        }
        if (requestAnswersToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return List.of();
        }
        return List.of(Response.text(tspService, "200", id));
    }

    private Response reply(String tspService, String id) {
        if (replyStatusOverride != null) {
            return Response.text(tspService, replyStatusOverride);
        }
        Job job = jobs.get(id);
        if (job == null || job.closed) {
            return Response.text(tspService, "400");
        }
        if (job.failure != null) {
            return Response.text(tspService, "410 " + job.failure);
        }
        if (job.reply == null) {
            return Response.text(tspService, "300");
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add("200".getBytes(StandardCharsets.US_ASCII));
        frames.addAll(job.reply);
        return Response.reply(tspService, 0, frames);
    }

    private static String newId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    Job job(String id) {
        return jobs.get(id);
    }

    int jobCount() {
        return jobs.size();
    }

    int calls(String service) {
        AtomicInteger count = calls.get(service);
        return count == null ? 0 : count.get();
    }

    void complete(String id, String... replyFrames) {
        List<byte[]> frames = new ArrayList<>();
        for (String frame : replyFrames) {
            frames.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        jobs.get(id).reply = frames;
    }

    void fail(String id, String reason) {
        jobs.get(id).failure = reason;
    }

    /** Answer every store with this status instead, e.g. {@code "500 disk full"}; null for normal. */
    void failRequestsWith(String status) {
        this.requestError = status;
    }

    /** Answer every titanic.reply with this status frame alone; null for normal. */
    void answerRepliesWith(String status) {
        this.replyStatusOverride = status;
    }

    /** Store the next {@code count} requests but send no answer, as if the answer was lost. */
    void dropRequestAnswers(int count) {
        requestAnswersToDrop.set(count);
    }
}
