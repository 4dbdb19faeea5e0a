package dev.pkcefilter.internal.store;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.internal.web.StoreUnavailable;
import java.time.Duration;
import java.util.List;

/**
 * The app's {@code cluster.store} as the filter calls it: any failure of the store's client becomes a {@link
 * StoreUnavailable}, which the filter answers with 503, whatever client library the store uses. A failure never
 * reads as an answer: a logout mark that cannot be read does not admit the request (fail closed), and a logout
 * token that cannot be recorded is answered 503, so that the provider may deliver it again.
 */
public final class GuardedStore implements ClusterStore {

    private static final String STORE = "the cluster.store";

    private final ClusterStore store;

    public GuardedStore(ClusterStore store) {
        this.store = store;
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        try {
            return store.putIfAbsent(key, value, ttl);
        } catch (RuntimeException e) {
            throw StoreUnavailable.of(STORE, e);
        }
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        try {
            store.put(key, value, ttl);
        } catch (RuntimeException e) {
            throw StoreUnavailable.of(STORE, e);
        }
    }

    @Override
    public List<String> get(List<String> keys) {
        try {
            return store.get(keys);
        } catch (RuntimeException e) {
            throw StoreUnavailable.of(STORE, e);
        }
    }

    @Override
    public String toString() {
        return "GuardedStore[" + store.getClass().getName() + "]";
    }
}
