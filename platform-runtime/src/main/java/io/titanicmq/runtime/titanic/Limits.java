package io.titanicmq.runtime.titanic;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.util.Locale;

/**
 * What Titanic accepts, from {@code titanic.limits.*}, validated eagerly; the defaults and the
 * meaning of every key live in the runtime's {@code reference.conf}. Sizes are bytes; a
 * {@code maxPendingPerService} or {@code maxStoreSize} of 0 means no limit of its own.
 *
 * @param maxRequestSize largest request body (all frames after the service frame) {@code titanic.request} stores
 * @param maxReplySize largest reply (all frames) stored; a larger one ends the request with a terminal failure
 * @param maxPending open requests without reply or failure, all services together
 * @param maxPendingPerService the same per service; 0 = only {@code maxPending}
 * @param minFreeDisk new requests are refused while the store's file system has less usable space
 * @param maxStoreSize new requests are refused while the journal's files take at least this much; 0 = no limit
 */
public record Limits(long maxRequestSize, long maxReplySize, int maxPending, int maxPendingPerService,
                     long minFreeDisk, long maxStoreSize) {

    /** Checks the bounds. */
    public Limits {
        require(maxRequestSize >= 1, "max-request-size", "must be at least 1 byte: " + maxRequestSize);
        require(maxReplySize >= 1, "max-reply-size", "must be at least 1 byte: " + maxReplySize);
        require(maxPending >= 1, "max-pending", "must be at least 1: " + maxPending);
        require(maxPendingPerService >= 0, "max-pending-per-service", "must not be negative: " + maxPendingPerService);
        require(minFreeDisk >= 0, "min-free-disk", "must not be negative: " + minFreeDisk);
        require(maxStoreSize >= 0, "max-store-size", "must not be negative: " + maxStoreSize);
    }

    /** No limits beyond what the types allow (for tests and embedders). */
    public static Limits none() {
        return new Limits(Long.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, 0, 0, 0);
    }

    /**
     * Reads {@code limits.*} of the {@code titanic} subtree. A request or reply limit above
     * {@code titanic.store.max-record-size} is refused: the store could never hold such a record.
     *
     * @param titanic the {@code titanic} config subtree
     * @throws ConfigException naming the file, line and key of a bad value
     */
    public static Limits from(Config titanic) {
        Config c = titanic.getConfig("limits");
        long maxRecord = titanic.getMemorySize("store.max-record-size").toBytes();
        try {
            Limits limits = new Limits(c.getMemorySize("max-request-size").toBytes(),
                    c.getMemorySize("max-reply-size").toBytes(), c.getInt("max-pending"),
                    c.getInt("max-pending-per-service"), c.getMemorySize("min-free-disk").toBytes(),
                    c.getMemorySize("max-store-size").toBytes());
            require(limits.maxRequestSize() <= maxRecord, "max-request-size",
                    "must not exceed titanic.store.max-record-size (" + size(maxRecord) + "): " + size(limits.maxRequestSize()));
            require(limits.maxReplySize() <= maxRecord, "max-reply-size",
                    "must not exceed titanic.store.max-record-size (" + size(maxRecord) + "): " + size(limits.maxReplySize()));
            return limits;
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().split(" ", 2)[0];
            throw new ConfigException.BadValue(c.hasPath(key) ? c.getValue(key).origin() : c.origin(),
                    "titanic.limits." + key, e.getMessage(), e);
        }
    }

    /** A size for people: {@code 512 B}, {@code 64 KiB}, {@code 2.1 GiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        String number = value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }

    private static void require(boolean condition, String key, String message) {
        if (!condition) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }
}
