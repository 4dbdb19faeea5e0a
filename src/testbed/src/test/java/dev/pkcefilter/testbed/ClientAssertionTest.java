package dev.pkcefilter.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
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
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client authentication with a signed assertion (RFC 7523 §2.2): what the provider accepts, so the
 * integration tests rest on known ground. Assertions are built by hand here; the JWK set is served by the
 * JDK's HTTP server.
 */
class ClientAssertionTest {

    private static final String REDIRECT_URI = "http://127.0.0.1:65000/oauth2/callback";
    private static final String HMAC_SECRET = "a-client-secret-of-at-least-32-bytes-for-hs256";
    private static final String DESCRIPTION = "provider-text-that-must-stay-at-the-provider";

    private static EmbeddedProvider provider;
    private static HttpServer jwksServer;
    private static final AtomicReference<String> publishedKeys = new AtomicReference<>("{\"keys\":[]}");
    private static RSAKey rsaKey;
    private static ECKey ecKey;

    @BeforeAll
    static void start() throws Exception {
        provider = EmbeddedProvider.builder().tokenErrorDescription(DESCRIPTION).start();
        rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        publishedKeys.set(new JWKSet(List.of(rsaKey.toPublicJWK(), ecKey.toPublicJWK())).toString());
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks", exchange -> {
            byte[] body = publishedKeys.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwksServer.start();
        String jwks = "http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks";
        provider.registerKeyClient("rsa-client", jwks, "RS256", REDIRECT_URI);
        provider.registerKeyClient("ec-client", jwks, "ES256", REDIRECT_URI);
        provider.registerClient("hmac-client", HMAC_SECRET, "client_secret_jwt", REDIRECT_URI);
    }

    @AfterAll
    static void stop() {
        jwksServer.stop(0);
        provider.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/oauth2/token"})
    void tokenRequestWhenPrivateKeyJwtAudienceIsIssuerOrTokenEndpointThenTokensIssued(String path)
            throws Exception {
        String assertion = assertion("rsa-client", provider.issuer() + path, new RSASSASigner(rsaKey),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build());

        ScriptedBrowser.Response response = exchange("rsa-client", assertion);

        assertEquals(200, response.status(), response.body());
        assertTrue(provider.issuedSecrets().contains(assertion), "the assertion counts as a secret");
        RecordedTokenRequest recorded = provider.tokenRequests().get(provider.tokenRequests().size() - 1);
        assertEquals(Optional.of(assertion), recorded.parameter("client_assertion"));
    }

    @Test
    void tokenRequestWhenPrivateKeyJwtEs256ThenTokensIssued() throws Exception {
        String assertion = assertion("ec-client", provider.issuer(), new ECDSASigner(ecKey),
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build());

        assertEquals(200, exchange("ec-client", assertion).status());
    }

    @Test
    void tokenRequestWhenClientSecretJwtThenTokensIssued() throws Exception {
        String assertion = assertion("hmac-client", provider.issuer() + "/oauth2/token",
                new MACSigner(HMAC_SECRET), new JWSHeader(JWSAlgorithm.HS256));

        assertEquals(200, exchange("hmac-client", assertion).status());
    }

    @Test
    void tokenRequestWhenAudienceIsAnotherUrlThenInvalidClientWithTheConfiguredDescription() throws Exception {
        String assertion = assertion("rsa-client", provider.issuer() + "/oauth2/authorize",
                new RSASSASigner(rsaKey), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa-1").build());

        ScriptedBrowser.Response response = exchange("rsa-client", assertion);

        assertEquals(401, response.status());
        Map<String, Object> error = JSONObjectUtils.parse(response.body());
        assertEquals("invalid_client", error.get("error"));
        assertEquals(DESCRIPTION, error.get("error_description"));
    }

    @Test
    void tokenRequestWhenSignedWithAnUnpublishedKeyThenInvalidClient() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        String assertion = assertion("rsa-client", provider.issuer(), new RSASSASigner(stranger),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build());

        ScriptedBrowser.Response response = exchange("rsa-client", assertion);

        assertEquals(401, response.status());
        assertEquals("invalid_client", JSONObjectUtils.parse(response.body()).get("error"));
    }

    @Test
    void registerClientWhenClientSecretJwtSecretShorterThan32BytesThenRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                provider.registerClient("short", "only-31-bytes-long-secret-value", "client_secret_jwt", REDIRECT_URI));
        assertTrue(e.getMessage().contains("32"), e.getMessage());
        assertFalse(e.getMessage().contains("only-31"), "the message never shows the secret");
    }

    @Test
    void registerKeyClientWhenAlgorithmIsNotASignatureAlgorithmThenRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> provider.registerKeyClient("bad", "http://127.0.0.1:1/jwks", "HS256", REDIRECT_URI));
    }

    private static String assertion(String clientId, String audience, JWSSigner signer, JWSHeader header)
            throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(60)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(header).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    /** Signs in, then redeems the code with the assertion and the verifier, as the filter does. */
    private static ScriptedBrowser.Response exchange(String clientId, String assertion) throws Exception {
        ScriptedBrowser browser = new ScriptedBrowser();
        String verifier = ClientPkce.newVerifier();
        String callback = browser.signInAtProvider(redirectTo(clientId, ClientPkce.challenge(verifier)), "alice", "wonderland");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", ScriptedBrowser.queryParameters(callback).get("code"));
        form.put("redirect_uri", REDIRECT_URI);
        form.put("code_verifier", verifier);
        form.put("client_id", clientId);
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        return browser.postForm(provider.issuer() + "/oauth2/token", form);
    }

    /** Stands in for the app's redirect to the authorization endpoint. */
    private static ScriptedBrowser.Response redirectTo(String clientId, String challenge) {
        String url = provider.issuer() + "/oauth2/authorize?response_type=code&client_id=" + clientId
                + "&scope=openid&state=st-1&nonce=n-1"
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
        return new ScriptedBrowser.Response(302, Map.of("Location", List.of(url)), "",
                URI.create("http://127.0.0.1:65000/"));
    }


}
