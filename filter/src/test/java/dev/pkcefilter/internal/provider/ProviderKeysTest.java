package dev.pkcefilter.internal.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.internal.jwt.KeyLookup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JWKS cache and its refetch budgets keep time by the filter's clock, which starts a year after the
 * system clock and moves only when the test moves it: had a system-time reading stayed in, the
 * cache would never expire here and the budgets would never reopen.
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
        keys = new ProviderKeys(provider, clock);
    }

    private static JWKSelector kid(String keyId) {
        return new JWKSelector(new JWKMatcher.Builder().keyID(keyId).build());
    }

    @Test
    void getWhenCachedThenOneFetchUntilTheClockPassesAnHour() throws Exception {
        for (int i = 0; i < 20; i++) {
            assertEquals(1, keys.get(kid("op-1"), KeyLookup.ID_TOKEN).size());
        }
        assertEquals(1, fetches.get());

        clock.advance(Duration.ofMillis(ProviderKeys.CACHE_MILLIS - 1_000));
        keys.get(kid("op-1"), KeyLookup.ID_TOKEN);
        assertEquals(1, fetches.get(), "still cached a second before the hour is up on the filter's clock");

        clock.advance(Duration.ofSeconds(2));
        keys.get(kid("op-1"), KeyLookup.ID_TOKEN);
        assertEquals(2, fetches.get(), "fetched again once the hour is up on the filter's clock");
    }

    @Test
    void getWhenLogoutTokensNameUnknownKidsThenTwoRefetchesPer30SecondsAndNoError() throws Exception {
        assertEquals(1, keys.get(kid("op-1"), KeyLookup.LOGOUT_TOKEN).size());
        assertEquals(0, keys.get(kid("made-up-1"), KeyLookup.LOGOUT_TOKEN).size());
        assertEquals(0, keys.get(kid("made-up-2"), KeyLookup.LOGOUT_TOKEN).size());
        assertEquals(3, fetches.get(), "two refetches");

        assertEquals(0, keys.get(kid("made-up-3"), KeyLookup.LOGOUT_TOKEN).size(), "over budget: the cached keys answer");
        assertEquals(3, fetches.get());

        clock.advance(Duration.ofMillis(ProviderKeys.LOGOUT_TOKEN_REFETCH_MILLIS));
        assertEquals(0, keys.get(kid("made-up-4"), KeyLookup.LOGOUT_TOKEN).size());
        assertEquals(4, fetches.get(), "the budget reopens after 30 s on the filter's clock");
    }

    @Test
    void getWhenLogoutTokensSpentTheirBudgetThenAnIdTokenStillRefetches() throws Exception {
        keys.get(kid("op-1"), KeyLookup.ID_TOKEN);
        for (int i = 0; i < 10; i++) {
            keys.get(kid("forged-" + i), KeyLookup.LOGOUT_TOKEN);
        }
        assertEquals(3, fetches.get());
        keys.get(kid("rotated"), KeyLookup.ID_TOKEN);
        assertEquals(4, fetches.get(), "ID tokens have their own budget");
        keys.get(kid("rotated-again"), KeyLookup.ID_TOKEN);
        assertEquals(4, fetches.get(), "one refetch per 5 s for ID tokens");
        clock.advance(Duration.ofMillis(ProviderKeys.ID_TOKEN_REFETCH_MILLIS));
        keys.get(kid("rotated-again"), KeyLookup.ID_TOKEN);
        assertEquals(5, fetches.get());
    }

    @Test
    void getWhenNoContextIsNamedThenTheLogoutTokensBudgetApplies() throws Exception {
        keys.get(kid("op-1"), null);
        for (int i = 0; i < 5; i++) {
            keys.get(kid("made-up-" + i), null);
        }
        assertEquals(3, fetches.get());
    }

    @Test
    void getWhenTheProviderCannotBeReachedThenOneTryPerFiveSecondsAndAStaleSetKeepsAnswering() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
        ProviderKeys flaky = new ProviderKeys(new JWKSetSource<SecurityContext>() {
            @Override
            public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
                    throws com.nimbusds.jose.KeySourceException {
                fetches.incrementAndGet();
                if (down.get()) {
                    throw new com.nimbusds.jose.KeySourceException("connect timed out");
                }
                return new JWKSet(published.toPublicJWK());
            }

            @Override
            public void close() {
            }
        }, clock);
        assertEquals(1, flaky.get(kid("op-1"), KeyLookup.ID_TOKEN).size());
        down.set(true);
        clock.advance(Duration.ofMillis(ProviderKeys.CACHE_MILLIS));
        for (int i = 0; i < 10; i++) {
            assertEquals(1, flaky.get(kid("op-1"), KeyLookup.ID_TOKEN).size(), "the stale set answers");
        }
        assertEquals(2, fetches.get(), "one failed try, then none for the back-off");
        clock.advance(Duration.ofMillis(ProviderKeys.FAILURE_BACKOFF_MILLIS));
        flaky.get(kid("op-1"), KeyLookup.ID_TOKEN);
        assertEquals(3, fetches.get(), "tried again after it");
    }

    @Test
    void getAfterAFailedSignatureThenRefetchesEvenThoughCachedKeysMatch() throws Exception {
        JWKSelector anyRsa = new JWKSelector(new JWKMatcher.Builder().build());
        assertEquals(1, keys.get(anyRsa, KeyLookup.ID_TOKEN).size());
        assertEquals(1, fetches.get(), "matching keys are in the cache");
        assertEquals(1, keys.get(anyRsa, KeyLookup.ID_TOKEN_AFTER_FAILED_SIGNATURE).size());
        assertEquals(2, fetches.get(), "none of them verified: a fresh set");
    }
}
