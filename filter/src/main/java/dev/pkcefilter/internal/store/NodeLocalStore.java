package dev.pkcefilter.internal.store;

import dev.pkcefilter.ClusterStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The {@link ClusterStore} of a single node: its memory, timed by the filter's clock. Bounded: when
 * full, expired entries go first, then the oldest (one WARN), so a flood of logout tokens cannot
 * exhaust the heap.
 */
public final class NodeLocalStore implements ClusterStore {

    private static final Logger LOG = Logger.getLogger(NodeLocalStore.class.getName());

    private final Clock clock;
    private final int capacity;
    /** Insertion order, so that the oldest entry is the first. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();
    private boolean overflowWarned;

    public NodeLocalStore(Clock clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean putIfAbsent(String key, String value, Duration ttl) {
        long now = clock.millis();
        Entry held = entries.get(key);
        if (held != null && held.expiresAt > now) {
            return false;
        }
        store(key, value, ttl, now);
        return true;
    }

    @Override
    public synchronized void put(String key, String value, Duration ttl) {
        store(key, value, ttl, clock.millis());
    }

    @Override
    public synchronized List<String> get(List<String> keys) {
        long now = clock.millis();
        List<String> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            Entry held = entries.get(key);
            values.add(held != null && held.expiresAt > now ? held.value : null);
        }
        return values;
    }

    /** @return how many entries are held, expired or not */
    public synchronized int size() {
        return entries.size();
    }

    private void store(String key, String value, Duration ttl, long now) {
        entries.remove(key);
        if (entries.size() >= capacity) {
            makeRoom(now);
        }
        entries.put(key, new Entry(value, now + ttl.toMillis()));
    }

    private void makeRoom(long now) {
        entries.values().removeIf(entry -> entry.expiresAt <= now);
        if (entries.size() < capacity) {
            return;
        }
        Iterator<Map.Entry<String, Entry>> oldest = entries.entrySet().iterator();
        oldest.next();
        oldest.remove();
        if (!overflowWarned) {
            overflowWarned = true;
            LOG.warning("pkce-filter: the node's store of logout marks, used logout tokens and refresh leases is full ("
                    + capacity + " entries); the oldest are dropped (logged once)");
        }
    }

    private static final class Entry {
        public final String value;
        public final long expiresAt;

        public Entry(String value, long expiresAt) {
            this.value = value;
            this.expiresAt = expiresAt;
        }
    }
}
