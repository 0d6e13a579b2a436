package io.titanicmq.runtime.security;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs refusals at WARN with the key's fingerprint, at most once a minute per key and reason, so a
 * peer retrying in a loop cannot flood the log. Bounded: remembers the last 1024 keys.
 */
final class RefusalLog {

    private static final long QUIET_NANOS = 60_000_000_000L;
    private static final int REMEMBERED = 1024;

    private final Logger log;
    private final Map<String, Long> lastLogged = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > REMEMBERED;
        }
    };

    RefusalLog(Logger log) {
        this.log = log;
    }

    /** Logs "refused KEY8…: what" unless the same was logged for this key in the last minute. */
    synchronized void refused(String key, String what) {
        long now = System.nanoTime();
        String entry = key + "\u0000" + what;
        Long last = lastLogged.get(entry);
        if (last == null || now - last >= QUIET_NANOS) {
            lastLogged.put(entry, now);
            log.warn("Refused key {}: {}", Z85Keys.fingerprint(key), what);
        }
    }
}
