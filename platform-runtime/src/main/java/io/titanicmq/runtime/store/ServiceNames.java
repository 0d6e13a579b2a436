package io.titanicmq.runtime.store;

import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared {@code String} per service name for the requests that wait in memory. Every waiting
 * request keeps its service's name twice (index entry and dispatcher job); decoded from its frame,
 * each was a string and a byte array of its own, copied at every young collection until a worker
 * took the request. Names come from the network, so a pool stops growing at its capacity; past
 * that a name is returned as it is (equal, just not shared).
 */
public final class ServiceNames {

    /** The process's pool: far more names than a deployment runs services, and a bound on what a flood of invented ones can pin. */
    private static final ServiceNames SHARED = new ServiceNames(4096);

    private final int capacity;
    private final ConcurrentHashMap<String, String> pool = new ConcurrentHashMap<>();

    ServiceNames(int capacity) {
        this.capacity = capacity;
    }

    /** The process's pooled instance equal to {@code name}, pooling it if there is room; null stays null. */
    public static String canonical(String name) {
        return SHARED.pooled(name);
    }

    String pooled(String name) {
        if (name == null) {
            return null;
        }
        String known = pool.get(name);
        if (known != null) {
            return known;
        }
        if (pool.size() >= capacity) {
            return name;
        }
        known = pool.putIfAbsent(name, name);
        return known != null ? known : name;
    }
}
