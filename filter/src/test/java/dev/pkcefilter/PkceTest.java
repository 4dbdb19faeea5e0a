package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The PKCE values the filter relies on, checked against RFC 7636. */
class PkceTest {

    @Test
    void challengeWhenAppendixBVerifierThenAppendixBChallenge() {
        CodeVerifier verifier = new CodeVerifier("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    }

    @Test
    void verifierWhenFreshThenHighEntropyAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String value = new CodeVerifier().getValue();
            // RFC 7636 §4.1: 43 to 128 characters of the unreserved set; 32 random bytes give 43.
            assertTrue(value.length() >= 43 && value.length() <= 128, value);
            assertTrue(value.matches("[A-Za-z0-9._~-]+"), value);
            seen.add(value);
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void challengeWhenS256ThenNotThePlainVerifier() {
        CodeVerifier verifier = new CodeVerifier();
        assertNotEquals(verifier.getValue(), CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue());
    }
}
