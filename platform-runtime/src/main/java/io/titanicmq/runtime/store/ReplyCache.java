package io.titanicmq.runtime.store;

import io.titanicmq.api.protocol.Mdp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small LRU of recently stored or read replies, so a reply fetched right after it is stored costs no read. */
final class ReplyCache {

    /** Replies larger than this are always read from disk. */
    private static final long MAX_CACHED_REPLY = 64 * 1024;

    private final int capacity;
    private final Map<RequestId, List<byte[]>> replies;

    ReplyCache(int capacity) {
        this.capacity = capacity;
        this.replies = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RequestId, List<byte[]>> eldest) {
                return size() > ReplyCache.this.capacity;
            }
        };
    }

    synchronized List<byte[]> get(RequestId id) {
        return replies.get(id);
    }

    synchronized boolean contains(RequestId id) {
        return replies.containsKey(id);
    }

    synchronized void put(RequestId id, List<byte[]> frames) {
        if (capacity > 0 && Mdp.bodySize(frames) <= MAX_CACHED_REPLY) {
            replies.put(id, frames);
        }
    }

    synchronized void remove(RequestId id) {
        replies.remove(id);
    }
}
