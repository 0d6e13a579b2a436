package io.titanicmq.runtime.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code titanic.store} settings, read and validated eagerly; the defaults and the meaning of
 * every key live in the runtime's {@code reference.conf}.
 *
 * @param backend store backend name ({@link StoreProvider#name()})
 * @param dir directory of the journal's segment files
 * @param segmentSize a segment is rolled over once the next record would take it past this size
 * @param maxRecordSize largest record payload, stored or inflated, in bytes
 * @param fsync whether a batch is fsynced before its futures complete (only tests turn this off)
 * @param retention open requests older than this are closed by compaction; zero keeps them forever
 * @param queueCapacity appends waiting for the writer thread before callers block
 * @param compactionLiveRatio a full segment whose live records are at most this fraction is rewritten
 * @param compactionInterval how often the idle writer compacts (retention, leftovers)
 * @param compressMinSize payloads of at least this many bytes are gzip-compressed when it helps
 * @param replyCacheSize replies kept in memory after being read back
 */
public record StoreSettings(String backend, Path dir, long segmentSize, int maxRecordSize, boolean fsync,
                            Duration retention, int queueCapacity, double compactionLiveRatio,
                            Duration compactionInterval, int compressMinSize, int replyCacheSize) {

    private static final long MAX_SIZE = 1L << 30;

    /** Checks the invariants the journal relies on. */
    public StoreSettings {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(compactionInterval, "compactionInterval");
        require(segmentSize >= 4096 && segmentSize <= MAX_SIZE, "segment-size must be 4KiB..1GiB: " + segmentSize);
        require(maxRecordSize >= 1024 && maxRecordSize <= MAX_SIZE, "max-record-size must be 1KiB..1GiB: " + maxRecordSize);
        require(!retention.isNegative(), "retention must not be negative: " + retention);
        require(queueCapacity >= 1, "queue-capacity must be at least 1: " + queueCapacity);
        require(compactionLiveRatio >= 0 && compactionLiveRatio <= 1,
                "compaction-live-ratio must be 0..1: " + compactionLiveRatio);
        require(compactionInterval.toMillis() > 0, "compaction-interval must be positive: " + compactionInterval);
        require(compressMinSize >= 0, "compress-min-size must not be negative: " + compressMinSize);
        require(replyCacheSize >= 0, "reply-cache-size must not be negative: " + replyCacheSize);
    }

    /**
     * Reads {@code store.*} from the {@code titanic} section ({@code config.getConfig("titanic")}).
     * A bad value is reported with the file, line and key it came from.
     */
    public static StoreSettings from(Config titanic) {
        Config store = titanic.getConfig("store");
        Path dir;
        try {
            dir = Path.of(store.getString("dir"));
        } catch (InvalidPathException e) {
            throw new ConfigException.BadValue(store.getValue("dir").origin(), "titanic.store.dir", e.getMessage(), e);
        }
        try {
            return new StoreSettings(store.getString("backend"), dir,
                    store.getMemorySize("segment-size").toBytes(), intSize(store, "max-record-size"),
                    store.getBoolean("fsync"), store.getDuration("retention"), store.getInt("queue-capacity"),
                    store.getDouble("compaction-live-ratio"), store.getDuration("compaction-interval"),
                    intSize(store, "compress-min-size"), store.getInt("reply-cache-size"));
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().split(" ", 2)[0];
            throw new ConfigException.BadValue(store.hasPath(key) ? store.getValue(key).origin() : store.origin(),
                    "titanic.store." + key, e.getMessage(), e);
        }
    }

    /** The reference defaults with another directory (for tests and the benchmark). */
    public static StoreSettings defaults(Path dir) {
        Config reference = ConfigFactory.defaultReference().getConfig("titanic")
                .withValue("store.dir", ConfigValueFactory.fromAnyRef(dir.toString()));
        return from(reference);
    }

    /** A copy with another segment size. */
    public StoreSettings withSegmentSize(long bytes) {
        return new StoreSettings(backend, dir, bytes, maxRecordSize, fsync, retention, queueCapacity,
                compactionLiveRatio, compactionInterval, compressMinSize, replyCacheSize);
    }

    /** A copy with another maximum record size. */
    public StoreSettings withMaxRecordSize(int bytes) {
        return new StoreSettings(backend, dir, segmentSize, bytes, fsync, retention, queueCapacity,
                compactionLiveRatio, compactionInterval, compressMinSize, replyCacheSize);
    }

    /** A copy with another retention. */
    public StoreSettings withRetention(Duration value) {
        return new StoreSettings(backend, dir, segmentSize, maxRecordSize, fsync, value, queueCapacity,
                compactionLiveRatio, compactionInterval, compressMinSize, replyCacheSize);
    }

    /** A copy with fsync switched. */
    public StoreSettings withFsync(boolean value) {
        return new StoreSettings(backend, dir, segmentSize, maxRecordSize, value, retention, queueCapacity,
                compactionLiveRatio, compactionInterval, compressMinSize, replyCacheSize);
    }

    /** A copy naming another backend. */
    public StoreSettings withBackend(String value) {
        return new StoreSettings(value, dir, segmentSize, maxRecordSize, fsync, retention, queueCapacity,
                compactionLiveRatio, compactionInterval, compressMinSize, replyCacheSize);
    }

    private static int intSize(Config store, String key) {
        long bytes = store.getMemorySize(key).toBytes();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be at most 1GiB: " + bytes);
        }
        return (int) bytes;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
