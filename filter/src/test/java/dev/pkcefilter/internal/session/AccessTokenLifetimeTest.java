package dev.pkcefilter.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.Test;

/** When an access token is due, with and without {@code expires_in} (RFC 6749 §5.1 makes it only RECOMMENDED). */
class AccessTokenLifetimeTest {

    private static final long NOW = 1_900_000_000_000L;
    private static final Duration DEFAULT = Duration.ofMinutes(5);

    private static String jwtExpiringAt(long millis) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
                new JWTClaimsSet.Builder().subject("alice").expirationTime(new Date(millis)).build());
        jwt.sign(new MACSigner(new byte[32]));
        return jwt.serialize();
    }

    @Test
    void expiresAtWhenExpiresInIsGivenThenItWins() throws Exception {
        assertEquals(NOW + 60_000, AccessTokenLifetime.expiresAt(new BearerAccessToken(jwtExpiringAt(NOW + 900_000), 60, null),
                true, DEFAULT, NOW));
    }

    @Test
    void expiresAtWhenNoExpiresInAndAJwtWithExpThenTheExp() throws Exception {
        assertEquals(NOW + 900_000, AccessTokenLifetime.expiresAt(new BearerAccessToken(jwtExpiringAt(NOW + 900_000)), false,
                DEFAULT, NOW));
        assertEquals(NOW - 1_000, AccessTokenLifetime.expiresAt(new BearerAccessToken(jwtExpiringAt(NOW - 1_000)), true,
                DEFAULT, NOW), "already expired: due at once");
    }

    @Test
    void expiresAtWhenOpaqueWithoutExpiresInThenTheDefaultWithARefreshTokenAndUnknownWithout() {
        assertEquals(NOW + 300_000, AccessTokenLifetime.expiresAt(new BearerAccessToken("opaque.value.with.dots"), true, DEFAULT, NOW));
        assertEquals(0, AccessTokenLifetime.expiresAt(new BearerAccessToken("opaque"), false, DEFAULT, NOW),
                "without a refresh token, used until a resource server rejects it");
    }
}
