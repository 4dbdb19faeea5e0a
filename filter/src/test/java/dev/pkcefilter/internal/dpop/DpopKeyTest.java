package dev.pkcefilter.internal.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** DPoP proofs (RFC 9449 §4.2) from a session's key, and the key's safe forms. */
class DpopKeyTest {

    private static final long NOW = 1_780_000_000_123L;

    @Test
    void proofWhenMadeThenItIsATypedEs256JwtWithThePublicKeyAndTheRequestsClaims() throws Exception {
        DpopKey key = DpopKey.generate();
        SignedJWT proof = SignedJWT.parse(key.proof(NOW, "POST", URI.create("https://idp.example.com/token?x=1#f"), null, null));
        assertEquals("dpop+jwt", proof.getHeader().getType().getType());
        assertEquals(JWSAlgorithm.ES256, proof.getHeader().getAlgorithm());
        ECKey published = (ECKey) proof.getHeader().getJWK();
        assertFalse(published.isPrivate(), "only the public key goes into a proof");
        assertTrue(proof.verify(new ECDSAVerifier(published)));
        assertEquals(key.thumbprint(), published.computeThumbprint().toString());
        JWTClaimsSet claims = proof.getJWTClaimsSet();
        assertEquals("POST", claims.getStringClaim("htm"));
        assertEquals("https://idp.example.com/token", claims.getStringClaim("htu"), "without query and fragment");
        assertEquals(NOW / 1000 * 1000, claims.getIssueTime().getTime(), "iat from the filter's clock, whole seconds");
        assertNull(claims.getClaim("ath"), "a token call carries no access token");
        assertNull(claims.getClaim("nonce"));
    }

    @Test
    void proofWhenForAnApiCallThenItHashesTheTokenCarriesTheNonceAndNeverRepeatsItsJti() throws Exception {
        DpopKey key = DpopKey.generate();
        URI api = URI.create("https://api.example.com/orders");
        JWTClaimsSet first = SignedJWT.parse(key.proof(NOW, "GET", api, "the-access-token", "n-1")).getJWTClaimsSet();
        JWTClaimsSet second = SignedJWT.parse(key.proof(NOW, "GET", api, "the-access-token", null)).getJWTClaimsSet();
        String expectedAth = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("the-access-token".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expectedAth, first.getStringClaim("ath"));
        assertEquals("n-1", first.getStringClaim("nonce"));
        assertNotEquals(first.getJWTID(), second.getJWTID(), "a fresh jti for every proof");
    }

    @Test
    void keyWhenWrittenAndReadThenTheSameKeyAndItsTextNeverShowsThePrivatePart() throws Exception {
        DpopKey key = DpopKey.generate();
        DpopKey read = DpopKey.fromJson(key.toJson());
        assertEquals(key.thumbprint(), read.thumbprint());
        String privatePart = ECKey.parse(key.toJson()).getD().toString();
        assertFalse(key.toString().contains(privatePart), key.toString());
        assertEquals("DpopKey[thumbprint=" + key.thumbprint() + "]", key.toString());
    }
}
