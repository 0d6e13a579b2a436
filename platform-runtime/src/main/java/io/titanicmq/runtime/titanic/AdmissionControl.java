package io.titanicmq.runtime.titanic;

import io.titanicmq.api.protocol.Mdp;
import io.titanicmq.runtime.store.RequestStore;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether {@code titanic.request} may store one more request ({@link Limits}): the body
 * size, open requests in total and per service, and the disk high-water marks (usable space on the
 * store's file system, size of the store). Every refusal is a reason text for {@code 500 <reason>}.
 *
 * <p>Only new requests are refused: replies, closes, cancels and reads go on, so an operator or
 * client can make room. Acceptance resumes by itself as soon as the condition clears (requests
 * replied or closed, compaction shrank the store, the disk was freed): each request looks at the
 * state anew. The first refusal of a kind is logged at WARN, the return to accepting at INFO.
 *
 * <p>Pending counts come from the store (durable requests) plus the requests being stored right
 * now ({@link Admission}), so concurrent submits cannot overshoot a limit.
 */
final class AdmissionControl {

    private static final Logger LOG = LoggerFactory.getLogger(AdmissionControl.class);
    private static final long FREE_SPACE_CACHE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final Limits limits;
    private final RequestStore store;
    private final LongSupplier usableSpace;
    private final AtomicInteger storing = new AtomicInteger();
    /** Requests being stored per service; a service leaves the map at zero. */
    private final Map<String, Integer> storingByService = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private volatile long freeBytes = -1;
    private volatile long freeCheckedAt;
    private volatile String refusing;

    /** A request admitted and being stored; {@link #close} once the store answered. */
    interface Admission extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * @param limits the limits
     * @param store the store whose pending counts and size are checked
     * @param storeDir a directory on the store's file system, for the usable space
     */
    AdmissionControl(Limits limits, RequestStore store, Path storeDir) {
        this(limits, store, new UsableSpace(storeDir));
    }

    /** With another source of the usable space (tests). */
    AdmissionControl(Limits limits, RequestStore store, LongSupplier usableSpace) {
        this.limits = limits;
        this.store = store;
        this.usableSpace = usableSpace;
    }

    /**
     * Admits a request of {@code service} with {@code body}, or says why not.
     *
     * @return the admission to close once stored, or the refusal reason
     */
    Result admit(String service, List<byte[]> body) {
        long size = Mdp.bodySize(body);
        if (size > limits.maxRequestSize()) {
            refused.incrementAndGet();
            LOG.debug("request for '{}' refused: {} bytes", service, size);
            return Result.refused("request too large: " + size + " bytes of body, limit " + limits.maxRequestSize()
                    + " bytes (titanic.limits.max-request-size)");
        }
        int total = storing.incrementAndGet();
        int ofService = storingByService.merge(service, 1, Integer::sum);
        Admission admission = () -> {
            storing.decrementAndGet();
            storingByService.computeIfPresent(service, (s, n) -> n == 1 ? null : n - 1);
        };
        Optional<String> reason = stateRefusal(total - 1);
        if (reason.isEmpty() && limits.maxPendingPerService() > 0) {
            int pending = store.pendingOf(service) + ofService - 1;
            if (pending >= limits.maxPendingPerService()) {
                reason = Optional.of("too many pending requests for '" + service + "': " + pending + ", limit "
                        + limits.maxPendingPerService() + " (titanic.limits.max-pending-per-service)");
            }
        }
        if (reason.isPresent()) {
            admission.close();
            refused.incrementAndGet();
            String was = refusing;
            refusing = reason.get();
            if (was == null) {
                LOG.warn("titanic.request refused: {}; reads, replies and closes go on, acceptance resumes once"
                        + " the condition clears", reason.get());
            } else {
                LOG.debug("titanic.request refused: {}", reason.get());
            }
            return Result.refused(reason.get());
        }
        String was = refusing;
        if (was != null) {
            refusing = null;
            LOG.info("titanic.request accepting again ({} refused so far; last refusal: {})", refused.get(), was);
        }
        return new Result(admission, null);
    }

    /**
     * Why no request of any service would be accepted now, if so: the store failed, too many
     * pending requests, the store too big, or the disk too full.
     *
     * @param storingOthers requests being stored besides the one asking
     */
    Optional<String> stateRefusal(int storingOthers) {
        Optional<String> failure = store.failure();
        if (failure.isPresent()) {
            return Optional.of("store unavailable: " + failure.get());
        }
        int pending = store.stats().pendingRequests() + storingOthers;
        if (pending >= limits.maxPending()) {
            return Optional.of("too many pending requests: " + pending + ", limit " + limits.maxPending()
                    + " (titanic.limits.max-pending)");
        }
        long used = store.stats().bytesOnDisk();
        if (limits.maxStoreSize() > 0 && used >= limits.maxStoreSize()) {
            return Optional.of("store full: " + Limits.size(used) + " used of " + Limits.size(limits.maxStoreSize())
                    + " limit (titanic.limits.max-store-size)");
        }
        if (limits.minFreeDisk() > 0) {
            long free = freeBytes();
            if (free >= 0 && free < limits.minFreeDisk()) {
                return Optional.of("disk full: " + Limits.size(free) + " free on the store's file system, "
                        + Limits.size(limits.minFreeDisk()) + " required (titanic.limits.min-free-disk)");
            }
        }
        return Optional.empty();
    }

    /** The limit state for {@code titanic.status}, as a JSON object. */
    String statusJson() {
        Optional<String> reason = stateRefusal(storing.get());
        StringBuilder json = new StringBuilder("{\"accepting\":").append(reason.isEmpty());
        reason.ifPresent(r -> json.append(",\"reason\":").append(Frames.json(r)));
        String last = refusing;
        if (last != null) {
            json.append(",\"last-refusal\":").append(Frames.json(last));
        }
        json.append(",\"refused\":").append(refused.get())
                .append(",\"pending\":").append(store.stats().pendingRequests())
                .append(",\"store-bytes\":").append(store.stats().bytesOnDisk())
                .append(",\"free-bytes\":").append(freeBytes())
                .append(",\"limits\":{\"max-request-size\":").append(limits.maxRequestSize())
                .append(",\"max-reply-size\":").append(limits.maxReplySize())
                .append(",\"max-pending\":").append(limits.maxPending())
                .append(",\"max-pending-per-service\":").append(limits.maxPendingPerService())
                .append(",\"min-free-disk\":").append(limits.minFreeDisk())
                .append(",\"max-store-size\":").append(limits.maxStoreSize())
                .append("}}");
        return json.toString();
    }

    /** Requests refused since start. */
    long refused() {
        return refused.get();
    }

    /** Usable bytes on the store's file system, read at most every 200 ms; -1 when unknown. */
    private long freeBytes() {
        long now = System.nanoTime();
        if (freeBytes < 0 || now - freeCheckedAt > FREE_SPACE_CACHE_NANOS) {
            freeBytes = usableSpace.getAsLong();
            freeCheckedAt = now;
        }
        return freeBytes;
    }

    /** Usable bytes of the file system holding a directory; -1 (logged once) when it cannot be read. */
    private static final class UsableSpace implements LongSupplier {
        private final Path dir;
        private FileStore fileStore;
        private boolean warned;

        UsableSpace(Path dir) {
            this.dir = dir;
        }

        @Override
        public synchronized long getAsLong() {
            try {
                if (fileStore == null) {
                    fileStore = Files.getFileStore(dir);
                }
                warned = false;
                return fileStore.getUsableSpace();
            } catch (IOException e) {
                if (!warned) {
                    warned = true;
                    LOG.warn("cannot read the usable space of {}'s file system; titanic.limits.min-free-disk is not"
                            + " checked until it can be", dir, e);
                }
                return -1;
            }
        }
    }

    /**
     * The answer of {@link #admit}: exactly one of {@code admission} and {@code refusal} is set.
     *
     * @param admission close it once the store answered
     * @param refusal why not, the text after {@code 500 }
     */
    record Result(Admission admission, String refusal) {
        static Result refused(String reason) {
            return new Result(null, reason);
        }
    }
}
