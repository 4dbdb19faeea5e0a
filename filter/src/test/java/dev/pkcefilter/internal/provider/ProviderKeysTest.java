package dev.pkcefilter.internal.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pkcefilter.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWKS cache and its refetch limit keep time by the filter's clock, which starts a year after the
 * system clock and moves only when the test moves it: had Nimbus's system-time reading stayed in, the
 * cache would never expire here and the limit would never reopen.
 */
class ProviderKeysTest {

    private static RSAKey published;

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger fetches = new AtomicInteger();
    private ProviderKeys keys;

    @BeforeAll
    static void key() throws Exception {
        published = new RSAKeyGenerator(2048).keyID("op-1").generate();
    }

    @BeforeEach
    void keys() {
        JWKSetSource<SecurityContext> provider = new JWKSetSource<SecurityContext>() {
            @Override
            public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context) {
                fetches.incrementAndGet();
                return new JWKSet(published.toPublicJWK());
            }

            @Override
            public void close() {
            }
        };
        keys = new ProviderKeys(provider, 1_000, clock);
    }

    private static JWKSelector kid(String keyId) {
        return new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build());
    }

    @Test
    void getWhenCachedThenOneFetchUntilTheClockPassesAnHour() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(1, keys.get(kid("op-1"), null).size());
        }
        assertEquals(1, fetches.get());

        clock.advance(Duration.ofMillis(ProviderKeys.CACHE_MILLIS - 1_000));
        keys.get(kid("op-1"), null);
        assertEquals(1, fetches.get(), "still cached a second before the hour is up on the filter's clock");

        clock.advance(Duration.ofSeconds(2));
        keys.get(kid("op-1"), null);
        assertEquals(2, fetches.get(), "fetched again once the hour is up on the filter's clock");
    }

    @Test
    void getWhenUnknownKidThenRefetchesLimitedUntilTheClockPassesTheInterval() throws Exception {
        assertEquals(1, keys.get(kid("op-1"), null).size());
        assertEquals(0, keys.get(kid("made-up"), null).size());
        assertEquals(2, fetches.get(), "an unknown kid is looked for in a fresh copy once");

        assertThrows(KeySourceException.class, () -> keys.get(kid("made-up"), null), "a third fetch within 30 s");
        assertEquals(2, fetches.get());

        clock.advance(Duration.ofMillis(ProviderKeys.REFETCH_INTERVAL_MILLIS));
        assertEquals(0, keys.get(kid("made-up"), null).size());
        assertEquals(3, fetches.get(), "the limit reopens after 30 s on the filter's clock");
    }
}
