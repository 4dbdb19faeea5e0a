package dev.pkcefilter.internal.logout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.pkcefilter.internal.jwt.LogoutTokenVerifier;
import java.util.Collections;

/**
 * A logout token as anyone can post it to the back-channel endpoint: verification ends in the claims or in an
 * {@link IllegalArgumentException} whose text is one of the verifier's own (it becomes the 400 answer's
 * {@code error_description}), never in another exception, and the text never echoes the token.
 */
class LogoutTokenFuzzTest {

    private static final LogoutTokenVerifier VERIFIER = verifier();

    private static LogoutTokenVerifier verifier() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("op").generate();
            return new LogoutTokenVerifier(new Issuer("https://idp.example.com"), new ClientID("app"),
                    Collections.singleton(JWSAlgorithm.RS256), new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK())), 60);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    static void check(String token) {
        try {
            VERIFIER.verify(token, 1_900_000_000_000L);
        } catch (IllegalArgumentException refused) {
            String text = refused.getMessage();
            assertTrue(text.startsWith("the logout token"), text);
            assertTrue(token.length() < 12 || !text.contains(token), "the text echoes the token: " + text);
        }
    }
}
