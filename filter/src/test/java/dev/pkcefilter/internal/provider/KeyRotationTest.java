package dev.pkcefilter.internal.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.jwt.LogoutTokenVerifier;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A provider that rotates its signing key, seen through the real verifiers and {@link ProviderKeys}:
 * a rotated key is fetched when the ID token names no {@code kid}, and forged logout tokens posted
 * meanwhile cannot keep logins from finding the new key.
 */
class KeyRotationTest {

    private static final String ISSUER = "https://idp.example.com";

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile ECKey publishedKey;
    private final ProviderKeys keys = new ProviderKeys(new JWKSetSource<SecurityContext>() {
        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context) {
            fetches.incrementAndGet();
            return new JWKSet(publishedKey.toPublicJWK());
        }

        @Override
        public void close() {
        }
    }, clock);
    private final IdTokenVerifier idTokens = new IdTokenVerifier(new Issuer(ISSUER), new ClientID("app"), Set.of(JWSAlgorithm.ES256),
            keys, 60, clock);
    private final LogoutTokenVerifier logoutTokens = new LogoutTokenVerifier(new Issuer(ISSUER), new ClientID("app"),
            Set.of(JWSAlgorithm.ES256), keys, 60);

    private static ECKey newKey(String kid) throws Exception {
        ECKeyGenerator generator = new ECKeyGenerator(Curve.P_256);
        return (kid == null ? generator : generator.keyID(kid)).generate();
    }

    private String idToken(ECKey key) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience("app")
                .issueTime(new Date(clock.millis())).expirationTime(new Date(clock.millis() + 300_000)).claim("nonce", "n-1").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private String forgedLogoutToken(ECKey attackersKey) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience("app")
                .issueTime(new Date(clock.millis())).jwtID(UUID.randomUUID().toString())
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of())).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("logout+jwt"))
                .keyID(UUID.randomUUID().toString()).build(), claims);
        jwt.sign(new ECDSASigner(attackersKey));
        return jwt.serialize();
    }

    @Test
    void verifyWhenAKeyWithoutKidWasRotatedThenOneRefetchAndTheLoginSucceeds() throws Exception {
        publishedKey = newKey(null);
        assertEquals("alice", idTokens.verify(idToken(publishedKey), "n-1").getSubject().getValue());
        assertEquals(1, fetches.get());

        clock.advance(Duration.ofMinutes(1));
        publishedKey = newKey(null);
        assertEquals("alice", idTokens.verify(idToken(publishedKey), "n-1").getSubject().getValue(),
                "the cached key failed; the fresh set holds the rotated one");
        assertEquals(2, fetches.get(), "exactly one refetch for the rotation");
    }

    @Test
    void verifyWhenAKidlessTokenIsForgedThenRefusedAfterAtMostOneRefetchEachFiveSeconds() throws Exception {
        publishedKey = newKey(null);
        idTokens.verify(idToken(publishedKey), "n-1");
        ECKey stranger = newKey(null);
        for (int i = 0; i < 5; i++) {
            assertThrows(Exception.class, () -> idTokens.verify(idToken(stranger), "n-1"));
        }
        assertEquals(2, fetches.get(), "one refetch, then the budget answers from the cache");
    }

    @Test
    void verifyWhenForgedLogoutTokensFloodWhileTheProviderRotatesSeveralTimesAMinuteThenEveryLoginSucceeds() throws Exception {
        ECKey attacker = newKey(null);
        publishedKey = newKey("k-0");
        idTokens.verify(idToken(publishedKey), "n-1");
        int logins = 0;
        for (int rotation = 1; rotation <= 6; rotation++) {
            clock.advance(Duration.ofSeconds(10));
            for (int post = 0; post < 20; post++) {
                String forged = forgedLogoutToken(attacker);
                assertThrows(IllegalArgumentException.class, () -> logoutTokens.verify(forged, clock.millis()));
            }
            publishedKey = newKey("k-" + rotation);
            int before = fetches.get();
            for (int login = 0; login < 3; login++) {
                assertEquals("alice", idTokens.verify(idToken(publishedKey), "n-1").getSubject().getValue(),
                        "rotation " + rotation + ", login " + login);
                logins++;
            }
            assertTrue(fetches.get() - before <= 1, "at most one refetch per rotation: " + (fetches.get() - before));
        }
        assertEquals(18, logins);
    }
}
