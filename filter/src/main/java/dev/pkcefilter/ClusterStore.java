package dev.pkcefilter;

import java.time.Duration;
import java.util.List;

/**
 * A small key-value store with expiry that all nodes of an app share, for the three things the
 * filter must agree on across nodes: which provider sessions a back-channel logout ended, which
 * logout tokens were already used, and which node is refreshing a session's tokens right now.
 *
 * <p>Implement it on the engine the app already runs (Redis, Hazelcast, a database) with that
 * engine's own client, and hand it to {@link FilterSettings.Builder#clusterStore} or name the
 * class in {@code cluster.store}. Without one, the filter keeps these in the node's memory, which
 * is right for a single node. Keys are at most 120 ASCII characters and never contain a secret;
 * values are at most a few kilobytes and may hold a session's tokens for up to two minutes (the
 * same tokens the shared session store already holds). Calls come from request threads; an
 * implementation must be thread safe, and an exception it throws fails the request (fail closed).
 * A store the filter created from {@code cluster.store} is closed when the filter is destroyed, if
 * it is {@link AutoCloseable}.
 */
public interface ClusterStore {

    /**
     * Stores a value unless the key holds one; atomic across nodes (Redis {@code SET NX PX}).
     *
     * @param key the key; not null
     * @param value the value; not null
     * @param ttl how long the value lives; positive
     * @return true when this call stored the value, false when the key already held one
     */
    boolean putIfAbsent(String key, String value, Duration ttl);

    /**
     * Stores a value, replacing any other (Redis {@code SET PX}).
     *
     * @param key the key; not null
     * @param value the value; not null
     * @param ttl how long the value lives; positive
     */
    void put(String key, String value, Duration ttl);

    /**
     * Reads several keys in one call (Redis {@code MGET}); this is on every signed-in request.
     *
     * @param keys the keys; not null, not empty
     * @return the values in the order of the keys, null where a key holds none or has expired
     */
    List<String> get(List<String> keys);
}
