package dev.pkcefilter.internal.provider;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.pkcefilter.internal.jwt.KeyLookup;
import java.net.URL;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The provider's signing keys (its {@code jwks_uri} document, OIDC Core §10.1.1) for ID and logout
 * token signatures: cached for {@link #CACHE_MILLIS}, and fetched again at once when a token needs a
 * key the cache lacks (an unknown {@code kid}, or a token without {@code kid} that no cached key
 * verified: the provider rotated its keys).
 *
 * <p>Refetches are limited so that tokens with made-up keys cannot make us hammer the provider, with
 * one budget per kind of token ({@link KeyLookup}): ID tokens, which only the provider can send us,
 * may refetch once per {@link #ID_TOKEN_REFETCH_MILLIS}; logout tokens, which anyone can post, twice
 * per {@link #LOGOUT_TOKEN_REFETCH_MILLIS}. A refetch over its budget is not an error: the token is
 * checked against the keys in hand, so a flood of forged tokens never closes sign-in. Concurrent
 * refetches for one set are made once. After a failed fetch none is tried for {@link #FAILURE_BACKOFF_MILLIS}:
 * a set past its hour keeps answering meanwhile (and after), so an unreachable JWKS endpoint neither holds
 * every request for its timeouts nor closes sign-in while the keys in hand still verify. Every time decision
 * reads the filter's clock.
 */
public final class ProviderKeys implements JWKSource<SecurityContext> {

    /** Keys change rarely; a rotation is noticed sooner through a key the cache lacks. */
    public static final long CACHE_MILLIS = TimeUnit.HOURS.toMillis(1);
    /** The least time between two refetches for ID tokens: one per rotation, even when a provider rotates often. */
    public static final long ID_TOKEN_REFETCH_MILLIS = TimeUnit.SECONDS.toMillis(5);
    /** Logout tokens may refetch twice in this interval (Nimbus's default limit). */
    public static final long LOGOUT_TOKEN_REFETCH_MILLIS = TimeUnit.SECONDS.toMillis(30);
    /** After a failed fetch, no other is tried for this long. */
    public static final long FAILURE_BACKOFF_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final JWKSetSource<SecurityContext> fetcher;
    private final Clock clock;
    private final RefetchBudget idTokens = new RefetchBudget(1, ID_TOKEN_REFETCH_MILLIS);
    private final RefetchBudget logoutTokens = new RefetchBudget(2, LOGOUT_TOKEN_REFETCH_MILLIS);
    private final Object fetching = new Object();
    private volatile Fetched current;
    /** When the last fetch failed; guarded by {@code fetching}. */
    private long failedAtMillis = Long.MIN_VALUE / 2;

    /**
     * @param fetcher where the key set comes from, uncached; not null
     * @param clock the filter's clock; not null
     */
    public ProviderKeys(JWKSetSource<SecurityContext> fetcher, Clock clock) {
        this.fetcher = fetcher;
        this.clock = clock;
    }

    /** @return the keys published at {@code url}, fetched with {@code retriever} (its timeouts and size limit) */
    public static ProviderKeys publishedAt(URL url, ResourceRetriever retriever, Clock clock) {
        return new ProviderKeys(new URLBasedJWKSetSource<>(url, retriever), clock);
    }

    /**
     * @param context the {@link KeyLookup} of the token being verified; another or null counts as a logout token
     * @return the keys that match, from the cache or, when none match (or the lookup follows a
     *     failed signature), from one refetch within the token kind's budget; empty when no key matches
     * @throws KeySourceException when the keys cannot be fetched
     */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        KeyLookup lookup = KeyLookup.of(context);
        long now = clock.millis();
        JWKSet keys = cached(now);
        if (!lookup.afterFailedSignature()) {
            List<JWK> matches = selector.select(keys);
            if (!matches.isEmpty()) {
                return matches;
            }
        }
        return selector.select(refetched(keys, lookup.unauthenticated() ? logoutTokens : idTokens, now));
    }

    private JWKSet cached(long now) throws KeySourceException {
        Fetched fetched = current;
        if (fetched != null && now - fetched.atMillis < CACHE_MILLIS) {
            return fetched.keys;
        }
        synchronized (fetching) {
            Fetched stale = current;
            if (stale != null && now - stale.atMillis < CACHE_MILLIS) {
                return stale.keys;
            }
            if (now - failedAtMillis < FAILURE_BACKOFF_MILLIS) {
                if (stale != null) {
                    return stale.keys;
                }
                throw new KeySourceException("the provider's keys could not be fetched a moment ago");
            }
            try {
                return fetch(now).keys;
            } catch (KeySourceException e) {
                failedAtMillis = now;
                if (stale != null) {
                    return stale.keys;
                }
                throw e;
            }
        }
    }

    /** @param seen the set that lacked the key; a set another thread fetched since is used as it is */
    private JWKSet refetched(JWKSet seen, RefetchBudget budget, long now) throws KeySourceException {
        synchronized (fetching) {
            Fetched fetched = current;
            if (fetched.keys != seen || now - failedAtMillis < FAILURE_BACKOFF_MILLIS || !budget.take(now)) {
                return fetched.keys;
            }
            try {
                return fetch(now).keys;
            } catch (KeySourceException e) {
                failedAtMillis = now;
                throw e;
            }
        }
    }

    private Fetched fetch(long now) throws KeySourceException {
        Fetched fetched = new Fetched(fetcher.getJWKSet(JWKSetCacheRefreshEvaluator.forceRefresh(), now, null), now);
        current = fetched;
        return fetched;
    }

    private static final class Fetched {
        final JWKSet keys;
        final long atMillis;

        Fetched(JWKSet keys, long atMillis) {
            this.keys = keys;
            this.atMillis = atMillis;
        }
    }

    /** At most {@code max} refetches in any {@code intervalMillis}; guarded by the caller's lock. */
    private static final class RefetchBudget {
        private final long[] recent;
        private final long intervalMillis;
        private int next;

        RefetchBudget(int max, long intervalMillis) {
            this.recent = new long[max];
            this.intervalMillis = intervalMillis;
            Arrays.fill(recent, Long.MIN_VALUE / 2);
        }

        boolean take(long now) {
            // The oldest of the last `max` refetches must lie a whole interval back.
            if (now - recent[next] < intervalMillis) {
                return false;
            }
            recent[next] = now;
            next = (next + 1) % recent.length;
            return true;
        }
    }
}
