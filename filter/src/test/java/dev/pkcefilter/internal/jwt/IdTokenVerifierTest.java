package dev.pkcefilter.internal.jwt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every ID token rule of OIDC Core §3.1.3.7 the filter applies, with tokens signed here. */
class IdTokenVerifierTest {

    private static final String ISSUER = "https://idp.example.com";
    private static final String CLIENT = "app";
    private static final String NONCE = "nonce-of-this-login";

    private static RSAKey rsaKey;
    private static ECKey ecKey;
    private static RSAKey strangerKey;
    private static final MutableClock CLOCK = new MutableClock();
    private static IdTokenVerifier verifier;

    @BeforeAll
    static void keys() throws Exception {
        rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        JWKSet published = new JWKSet(List.of(rsaKey.toPublicJWK(), ecKey.toPublicJWK()));
        verifier = new IdTokenVerifier(new Issuer(ISSUER), new ClientID(CLIENT), Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(published), 60, CLOCK);
    }

    private static JWTClaimsSet.Builder validClaims() {
        long now = CLOCK.millis();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience(CLIENT)
                .issueTime(new Date(now)).expirationTime(new Date(now + 300_000)).claim("nonce", NONCE);
    }

    private static String signed(JWSAlgorithm alg, String kid, JWSSigner signer, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String rs256(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return signed(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(rsaKey), change.apply(validClaims()).build());
    }

    private static void assertRejected(String token, String detail) {
        LoginFailure failure = assertThrows(LoginFailure.class, () -> verifier.verify(token, NONCE));
        assertEquals(FailureReason.ID_TOKEN_INVALID, failure.reason());
        assertEquals(detail, failure.detail());
    }

    @Test
    void verifyWhenRs256TokenValidThenClaimsReturned() throws Exception {
        assertEquals("alice", verifier.verify(rs256(c -> c), NONCE).getSubject().getValue());
    }

    @Test
    void verifyWhenEs256TokenValidThenClaimsReturned() throws Exception {
        String token = signed(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(ecKey), validClaims().build());
        assertEquals("alice", verifier.verify(token, NONCE).getSubject().getValue());
    }

    @Test
    void verifyWhenIssuerDiffersThenRejected() throws Exception {
        assertRejected(rs256(c -> c.issuer("https://evil.example.com")), "the ID token iss is not the configured issuer");
    }

    @Test
    void verifyWhenAudienceIsAnotherClientThenRejected() throws Exception {
        assertRejected(rs256(c -> c.audience("other-app")), "the ID token aud does not name this client");
    }

    @Test
    void verifyWhenAzpIsAnotherClientThenRejected() throws Exception {
        assertRejected(rs256(c -> c.audience(List.of(CLIENT, "other-app")).claim("azp", "other-app")),
                "the ID token azp is not this client");
        assertRejected(rs256(c -> c.claim("azp", "other-app")), "the ID token azp is not this client");
    }

    @Test
    void verifyWhenSeveralAudiencesWithoutAzpThenRejected() throws Exception {
        assertRejected(rs256(c -> c.audience(List.of(CLIENT, "other-app"))), "the ID token azp is not this client");
    }

    @Test
    void verifyWhenSeveralAudiencesAndAzpIsThisClientThenAccepted() throws Exception {
        String token = rs256(c -> c.audience(List.of(CLIENT, "other-app")).claim("azp", CLIENT));
        assertEquals("alice", verifier.verify(token, NONCE).getSubject().getValue());
    }

    @Test
    void verifyWhenExpiredBeyondSkewThenRejected() throws Exception {
        long now = CLOCK.millis();
        assertRejected(rs256(c -> c.issueTime(new Date(now - 600_000)).expirationTime(new Date(now - 61_000))),
                "the ID token has expired (exp)");
    }

    @Test
    void verifyWhenExpiredWithinSkewThenAccepted() throws Exception {
        long now = CLOCK.millis();
        String token = rs256(c -> c.issueTime(new Date(now - 600_000)).expirationTime(new Date(now - 30_000)));
        assertEquals("alice", verifier.verify(token, NONCE).getSubject().getValue());
    }

    @Test
    void verifyWhenIssuedInTheFutureThenRejected() throws Exception {
        long now = CLOCK.millis();
        assertRejected(rs256(c -> c.issueTime(new Date(now + 120_000)).expirationTime(new Date(now + 600_000))),
                "the ID token iat is missing or in the future");
    }

    @Test
    void verifyWhenNonceDiffersOrMissingThenRejected() throws Exception {
        assertRejected(rs256(c -> c.claim("nonce", "nonce-of-another-login")), "the ID token nonce does not match this login");
        assertRejected(rs256(c -> c.claim("nonce", null)), "the ID token nonce does not match this login");
    }

    @Test
    void verifyWhenSignedByAnUnpublishedKeyThenRejected() throws Exception {
        String token = signed(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(strangerKey), validClaims().build());
        assertRejected(token, "the ID token signature does not verify");
    }

    @Test
    void verifyWhenAlgorithmNotAllowedThenRejected() throws Exception {
        String token = signed(JWSAlgorithm.PS256, "rsa-1", new RSASSASigner(rsaKey), validClaims().build());
        assertRejected(token, "the ID token is signed with PS256, but the client is registered for ES256, RS256 (id-token.algorithms)");
    }

    @Test
    void verifyWhenUnsignedThenRejected() {
        String token = new PlainJWT(validClaims().build()).serialize();
        assertRejected(token, "the ID token is unsigned (alg none)");
    }

    @Test
    void verifyWhenHmacKeyedWithThePublicKeyThenRejected() throws Exception {
        // The classic confusion attack: HS256 with the provider's public key as the MAC secret.
        byte[] publicKeyBytes = rsaKey.toRSAPublicKey().getEncoded();
        String token = signed(JWSAlgorithm.HS256, "rsa-1", new MACSigner(publicKeyBytes), validClaims().build());
        assertRejected(token, "the ID token is signed with HS256, but the client is registered for ES256, RS256 (id-token.algorithms)");
    }

    @Test
    void verifyWhenNotAJwtThenRejected() {
        assertRejected("not-a-jwt", "the ID token is not a JWT");
    }
}
