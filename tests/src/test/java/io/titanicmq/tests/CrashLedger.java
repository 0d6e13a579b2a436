package io.titanicmq.tests;

import io.titanicmq.api.client.ClientException;
import io.titanicmq.api.client.ReplyResult;
import io.titanicmq.api.client.TitanicClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a crash test's clients were told, across every server life: the requests acknowledged
 * with a uuid (and the body each was sent with), the replies read back and checked against their
 * request, the closes sent and acknowledged. {@link #verifyAll} then asks a fresh server about
 * every acknowledged request and returns what it found.
 *
 * <p>Thread-safe: the load's submit and fetch loops record into it concurrently.
 */
final class CrashLedger {

    private final Map<String, String> acked = new ConcurrentHashMap<>();
    private final Set<String> verified = ConcurrentHashMap.newKeySet();
    private final Set<String> closeSent = ConcurrentHashMap.newKeySet();
    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger repliesChecked = new AtomicInteger();
    private final AtomicInteger corrupt = new AtomicInteger();
    private final AtomicInteger lostDuringLoad = new AtomicInteger();

    /** The server answered {@code 200 uuid} to {@code titanic.request} of {@code body}. */
    void acked(String uuid, String body) {
        if (acked.putIfAbsent(uuid, body) != null) {
            problem("uuid " + uuid + " acknowledged twice");
        }
    }

    /** A {@code titanic.close} of {@code uuid} is about to be sent. */
    void closeSent(String uuid) {
        closeSent.add(uuid);
    }

    /** The server answered {@code 200} to {@code titanic.close uuid}. */
    void closed(String uuid) {
        closed.add(uuid);
    }

    /**
     * Checks one {@code titanic.reply} answer for an acknowledged request, as the load reads it:
     * a stored reply must be exactly the request's body (the echo service); {@code 400} is only
     * right once a close was sent.
     *
     * @return true when the request is finished with (reply verified, or closed)
     */
    boolean checkDuringLoad(String uuid, ReplyResult result) {
        switch (result.kind()) {
            case READY -> {
                checkBody(uuid, (ReplyResult.Ready) result, "during load");
                return true;
            }
            case UNKNOWN -> {
                if (!closeSent.contains(uuid)) {
                    lostDuringLoad.incrementAndGet();
                    problem("acknowledged open request " + uuid + " answered 400 during load");
                }
                return true;
            }
            case FAILED -> {
                problem("request " + uuid + " failed terminally: " + result);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void checkBody(String uuid, ReplyResult.Ready ready, String when) {
        repliesChecked.incrementAndGet();
        String body = acked.get(uuid);
        List<String> frames = ready.textFrames();
        if (frames.size() != 1 || !frames.get(0).equals(body)) {
            corrupt.incrementAndGet();
            problem("corrupt reply " + when + " for " + uuid + ": expected [" + body + "], got " + frames);
        } else {
            verified.add(uuid);
        }
    }

    private void problem(String text) {
        if (problems.size() < 20) {
            problems.add(text);
        }
    }

    /** Acknowledgements plus replies checked so far: how far the load has got. */
    int events() {
        return acked.size() + repliesChecked.get();
    }

    /**
     * Asks {@code titanic} about every acknowledged request: an open one must yield its own
     * reply (waiting up to {@code deadline} each), a closed one must be unknown ({@code 400}), and
     * one whose close was sent but not acknowledged may be either.
     */
    Verdict verifyAll(TitanicClient titanic, Duration deadline) throws ClientException {
        int lost = 0;
        int closedStayed = 0;
        int resurrected = 0;
        int finalReplies = 0;
        for (Map.Entry<String, String> e : acked.entrySet()) {
            String uuid = e.getKey();
            if (closed.contains(uuid)) {
                ReplyResult r = titanic.reply(uuid);
                if (r.kind() == ReplyResult.Kind.UNKNOWN) {
                    closedStayed++;
                } else {
                    resurrected++;
                    problem("closed request " + uuid + " answered " + r + " after the crashes");
                }
                continue;
            }
            ReplyResult r = titanic.waitForReply(uuid, deadline);
            if (r.kind() == ReplyResult.Kind.READY) {
                finalReplies++;
                checkBody(uuid, (ReplyResult.Ready) r, "after the crashes");
            } else if (!(r.kind() == ReplyResult.Kind.UNKNOWN && closeSent.contains(uuid))) {
                lost++;
                problem("acknowledged request " + uuid + " lost: " + r);
            }
        }
        return new Verdict(acked.size(), repliesChecked.get(), finalReplies, verified.size(), closed.size(),
                closedStayed, resurrected, closeSent.size() - closed.size(), lost + lostDuringLoad.get(),
                corrupt.get(), List.copyOf(problems));
    }

    /**
     * The outcome of a crash test.
     *
     * @param acked requests the server acknowledged with a uuid
     * @param repliesChecked replies read and compared with their request, during load and after
     * @param finalReplies replies read after the last restart
     * @param verified distinct requests whose reply was seen and was right
     * @param closed closes the server acknowledged
     * @param closedStayed closed requests still unknown after the crashes
     * @param resurrected closed requests that came back (must be 0)
     * @param closeInDoubt closes sent whose answer was lost to a kill
     * @param lost acknowledged requests without their reply (must be 0)
     * @param corrupt replies that were not their request's (must be 0)
     * @param problems the first few problems, for the failure message
     */
    record Verdict(int acked, int repliesChecked, int finalReplies, int verified, int closed, int closedStayed,
                   int resurrected, int closeInDoubt, int lost, int corrupt, List<String> problems) {
    }

}
