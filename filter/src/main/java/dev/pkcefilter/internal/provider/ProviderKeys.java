package dev.pkcefilter.internal.provider;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import java.net.URL;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The provider's signing keys (its {@code jwks_uri} document, OIDC Core §10.1.1) for ID and logout
 * token signatures: cached for {@link #CACHE_MILLIS}, fetched again at once for a key id not seen yet
 * (the provider rotated its keys), but no more than twice per {@link #REFETCH_INTERVAL_MILLIS}, so
 * tokens with made-up key ids cannot make us hammer the provider.
 *
 * <p>Nimbus's {@code JWKSetSource} chain does the fetching, caching and rate limiting. This class
 * only asks it with the filter's clock: Nimbus's own {@code JWKSetBasedJWKSource} reads the system
 * time, and every time decision of the filter reads the one injected clock.
 */
public final class ProviderKeys implements JWKSource<SecurityContext> {

    /** Keys change rarely; a rotation is noticed sooner through the unknown key id. */
    public static final long CACHE_MILLIS = TimeUnit.HOURS.toMillis(1);
    /** Nimbus's default for its rate limiter: at most two fetches in this interval. */
    public static final long REFETCH_INTERVAL_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private final JWKSetSource<SecurityContext> cached;
    private final Clock clock;

    /**
     * @param fetcher where the key set comes from, uncached; not null
     * @param refreshWaitMillis how long a request waits for another thread's fetch in progress
     * @param clock the filter's clock; not null
     */
    public ProviderKeys(JWKSetSource<SecurityContext> fetcher, long refreshWaitMillis, Clock clock) {
        // Rate limiting sits inside the cache, so it counts only real fetches, not cache hits.
        this.cached = new CachingJWKSetSource<>(new RateLimitedJWKSetSource<>(fetcher, REFETCH_INTERVAL_MILLIS, null),
                CACHE_MILLIS, refreshWaitMillis, null);
        this.clock = clock;
    }

    /** @return the keys published at {@code url}, fetched with {@code retriever} (its timeouts and size limit) */
    public static ProviderKeys publishedAt(URL url, ResourceRetriever retriever, long refreshWaitMillis, Clock clock) {
        return new ProviderKeys(new URLBasedJWKSetSource<>(url, retriever), refreshWaitMillis, clock);
    }

    /**
     * @return the keys that match, from the cache or, when none match, from one refetch; empty when
     *     the provider publishes no such key
     * @throws KeySourceException when the keys cannot be fetched, or a refetch is over the rate limit
     */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.millis();
        JWKSet keys = cached.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> matches = selector.select(keys);
        if (!matches.isEmpty()) {
            return matches;
        }
        // Refetch only if no other thread replaced this very set meanwhile (Nimbus compares the reference).
        return selector.select(cached.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(keys), now, context));
    }
}
