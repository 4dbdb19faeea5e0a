package dev.pkcefilter.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.JWTAuthentication;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.TestKeys;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.settings.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A fresh, correctly formed assertion for every token call, for every algorithm. */
class ClientAssertionsTest {

    private static final URI ISSUER = URI.create("https://idp.example.com");

    private static ClientAssertions assertionsFor(Settings settings) {
        return new ClientAssertions(settings, TestSettings.only(settings));
    }
    private static final URI TOKEN_ENDPOINT = URI.create("https://idp.example.com/oauth2/token");
    private static final String SECRET = "a-client-secret-of-at-least-32-characters!";

    @TempDir
    static Path dir;

    private static RSAKey rsa;
    private static ECKey p256;
    private static ECKey p384;
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-kid").generate();
        p256 = new ECKeyGenerator(Curve.P_256).keyID("p256-kid").generate();
        p384 = new ECKeyGenerator(Curve.P_384).keyID("p384-kid").generate();
    }

    private FilterSettings.Builder keySettings(JWK key, String file) throws Exception {
        Path path = TestKeys.write(dir, file, key.toJSONString());
        return FilterSettings.builder().issuer(ISSUER.toString()).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientAuthMethod("private_key_jwt")
                .clientKey(path.toString()).clock(clock);
    }

    /** The audience is the settings' choice (client.assertion.audience): each test checks the one it expects. */
    private static SignedJWT assertionOf(ClientAssertions assertions) {
        return ((JWTAuthentication) assertions.forTokenCall(ISSUER, TOKEN_ENDPOINT)).getClientAssertion();
    }

    @ParameterizedTest
    @CsvSource({"RS256,rsa", "PS256,rsa", "PS384,rsa", "ES256,p256", "ES384,p384"})
    void forTokenCallWhenPrivateKeyJwtThenSignedClaimsAndHeaderAreRight(String algorithm, String keyName) throws Exception {
        JWK key = Map.of("rsa", (JWK) rsa, "p256", p256, "p384", p384).get(keyName);
        Settings settings = TestSettings.of(keySettings(key, keyName + ".jwk").set("client.key.algorithm", algorithm));
        ClientAssertions assertions = new ClientAssertions(settings, TestSettings.only(settings));
        assertInstanceOf(PrivateKeyJWT.class, assertions.forTokenCall(ISSUER, TOKEN_ENDPOINT));
        SignedJWT jwt = assertionOf(assertions);

        assertEquals(JWSAlgorithm.parse(algorithm), jwt.getHeader().getAlgorithm());
        assertEquals(key.getKeyID(), jwt.getHeader().getKeyID());
        JWSVerifier verifier = key instanceof RSAKey ? new RSASSAVerifier((RSAKey) key.toPublicJWK())
                : new ECDSAVerifier((ECKey) key.toPublicJWK());
        assertTrue(jwt.verify(verifier));

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("app", claims.getIssuer());
        assertEquals("app", claims.getSubject());
        assertEquals(List.of(ISSUER.toString()), claims.getAudience());
        assertNotNull(claims.getJWTID());
        assertEquals(clock.millis() / 1000 * 1000, claims.getIssueTime().getTime());
        assertEquals(60_000, claims.getExpirationTime().getTime() - claims.getIssueTime().getTime());
    }

    @Test
    void forTokenCallWhenCalledOften1000TimesThen1000DistinctJtiValues() throws Exception {
        ClientAssertions assertions = assertionsFor(TestSettings.of(keySettings(p256, "jti.jwk")));
        Set<String> ids = new HashSet<>();
        Set<String> serialized = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            SignedJWT jwt = assertionOf(assertions);
            ids.add(jwt.getJWTClaimsSet().getJWTID());
            serialized.add(jwt.serialize());
        }
        assertEquals(1000, ids.size());
        assertEquals(1000, serialized.size(), "never a reused assertion");
    }

    @Test
    void forTokenCallWhenAudienceIsTokenEndpointAndLifetimeShortThenBoth() throws Exception {
        Settings settings = TestSettings.of(keySettings(rsa, "aud.jwk").set("client.assertion.audience", "token-endpoint")
                .set("client.assertion.lifetime-seconds", "30"));
        JWTClaimsSet claims = assertionOf(new ClientAssertions(settings, TestSettings.only(settings))).getJWTClaimsSet();
        assertEquals(List.of(TOKEN_ENDPOINT.toString()), claims.getAudience());
        assertEquals(30_000, claims.getExpirationTime().getTime() - claims.getIssueTime().getTime());
    }

    @Test
    void forPushedRequestWhenAudienceIsTokenEndpointThenStillTheIssuer() throws Exception {
        // The PAR endpoint and the token endpoint both come from the provider's metadata: an assertion naming a
        // token endpoint, posted to a PAR endpoint, could serve whoever owns that endpoint.
        Settings settings = TestSettings.of(keySettings(rsa, "par.jwk").set("client.assertion.audience", "token-endpoint"));
        ClientAssertions assertions = new ClientAssertions(settings, TestSettings.only(settings));
        JWTClaimsSet claims = ((JWTAuthentication) assertions.forPushedRequest(ISSUER)).getClientAssertion().getJWTClaimsSet();
        assertEquals(List.of(ISSUER.toString()), claims.getAudience());
    }

    @Test
    void forTokenCallWhenClientSecretJwtThenHs256OverTheSecret() throws Exception {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER.toString()).set("proxy.allowed-hosts", "app.example.com").clientId("app")
                .clientAuthMethod("client_secret_jwt").clientSecret(SECRET));
        ClientAssertions assertions = new ClientAssertions(settings, TestSettings.only(settings));
        assertInstanceOf(ClientSecretJWT.class, assertions.forTokenCall(ISSUER, TOKEN_ENDPOINT));
        SignedJWT jwt = assertionOf(assertions);
        assertEquals(JWSAlgorithm.HS256, jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new MACVerifier(SECRET)));
        assertEquals("app", jwt.getJWTClaimsSet().getSubject());
    }

    @Test
    void settingsWhenLifetimeBeyond60SecondsThenRejected() throws Exception {
        SettingsException e = assertThrows(SettingsException.class,
                () -> keySettings(rsa, "life.jwk").set("client.assertion.lifetime-seconds", "300").build());
        assertEquals(List.of("client.assertion.lifetime-seconds: expected a whole number from 5 to 60, found '300'"), e.problems());
    }

    @Test
    void settingsWhenAlgorithmDoesNotFitTheKeyThenNamesTheKey() throws Exception {
        SettingsException ecWithRsa = assertThrows(SettingsException.class,
                () -> keySettings(p256, "mismatch.jwk").set("client.key.algorithm", "RS256").build());
        assertEquals(List.of("client.key: expected an RSA key for RS256 in client.key, found a EC key (kid p256-kid)"), ecWithRsa.problems());
        SettingsException wrongCurve = assertThrows(SettingsException.class,
                () -> keySettings(p256, "curve.jwk").set("client.key.algorithm", "ES384").build());
        assertEquals(List.of("client.key: expected an EC P-384 key for ES384 in client.key, found curve P-256 (kid p256-kid)"),
                wrongCurve.problems());
        RSAKey small = new RSAKeyGenerator(1024, true).keyID("small").generate();
        SettingsException tooSmall = assertThrows(SettingsException.class, () -> keySettings(small, "small.jwk").build());
        assertEquals(List.of("client.key: expected an RSA key of at least 2048 bits in client.key, found 1024 bits (kid small)"),
                tooSmall.problems());
    }

    @Test
    void settingsWhenKeyMethodMisconfiguredThenEachProblemNamed() throws Exception {
        SettingsException noKey = assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder().issuer(ISSUER.toString()).set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientAuthMethod("private_key_jwt").clientSecret("left-over")));
        assertEquals(List.of("client.secret: expected no client secret with client.auth-method=private_key_jwt, found one"
                        + " (remove it, so nobody thinks it is used)",
                "client.key: expected the path of the client's private key (PEM, JWK or JWK set, PKCS#12 or JKS), found nothing"),
                noKey.problems());
        SettingsException keyWithBasic = assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder()
                .issuer(ISSUER.toString()).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret("s").clientKey("/x.pem").jwksPath("/jwks")));
        assertEquals(List.of("client.key: expected only with client.auth-method=private_key_jwt, found it set with client_secret_basic",
                "jwks.path: expected only with client.auth-method=private_key_jwt, found it set with client_secret_basic"),
                keyWithBasic.problems());
        SettingsException shortSecret = assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder()
                .issuer(ISSUER.toString()).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientAuthMethod("client_secret_jwt").clientSecret("short")));
        assertEquals(List.of("client.secret: expected at least 32 characters for client_secret_jwt (HS256 needs a 256-bit key),"
                + " found a shorter secret"), shortSecret.problems());
    }

    @Test
    void jwksEndpointWhenCurrentAndNextKeysThenServesBothPublicPartsOnly() throws Exception {
        Path next = TestKeys.write(dir, "next.jwk", p256.toJSONString());
        Settings settings = TestSettings.of(keySettings(rsa, "current.jwk").set("client.next-key", next.toString())
                .jwksPath("/oauth2/jwks"));
        FakeExchange exchange = FakeExchange.get("/oauth2/jwks");
        new JwksEndpoint(List.of(TestSettings.only(settings).signingKeys())).serve(exchange);
        assertEquals(200, exchange.status);
        assertEquals("public, max-age=300", exchange.responseHeaders.get("Cache-Control"));
        JWKSet served = JWKSet.parse(exchange.body);
        assertEquals(List.of("rsa-kid", "p256-kid"), served.getKeys().stream().map(JWK::getKeyID).toList());
        for (JWK key : served.getKeys()) {
            assertFalse(key.isPrivate());
        }
        for (String member : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertFalse(exchange.body.contains(member), member + " in " + exchange.body);
        }
        assertFalse(settings.toString().contains(rsa.getPrivateExponent().toString()));

        FakeExchange post = FakeExchange.get("/oauth2/jwks");
        post.method = "POST";
        new JwksEndpoint(List.of(TestSettings.only(settings).signingKeys())).serve(post);
        assertEquals(405, post.status);
    }
}
