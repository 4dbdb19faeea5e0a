package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.ClientKeys;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.LeakCheck;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client authentication with a signed assertion (RFC 7523 §2.2, OIDC Core §9): {@code private_key_jwt}
 * with keys from files and the app's own JWK set endpoint, and {@code client_secret_jwt}, each together with
 * the PKCE verifier on one token call, against a real Spring Authorization Server. Every test ends with the
 * leak check, which here also looks for the private keys' material and the client assertions.
 */
class ClientAssertionIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final String HMAC_SECRET = "it-hmac-secret-value-of-at-least-32-characters";
    /** The provider adds this to its token error answers; it must stay between provider and filter. */
    private static final String PROVIDER_TEXT = "provider-side-explanation-not-for-users";
    private static final String EC_KEY_ID = "it-ec-key-1";

    @TempDir
    static Path keys;

    private static EmbeddedProvider provider;
    private static ClientKeys.RsaKeyFile rsaKey;
    private static ClientKeys.RsaKeyFile rsaNextKey;
    private static ECKey ecKey;
    private static ProtectedApp rsaApp;
    private static ProtectedApp ecApp;
    private static ProtectedApp hmacApp;
    private static ProtectedApp wrongKeyApp;
    private static final List<String> keySecrets = new ArrayList<>();
    private static LeakCheck startupLog;

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(ClientAssertionIT::secrets, ScriptedBrowser::new);

    @BeforeAll
    static void startProviderAndApps() {
        provider = EmbeddedProvider.builder().user(USER, PASSWORD).tokenErrorDescription(PROVIDER_TEXT).start();
        rsaKey = ClientKeys.rsaPkcs8Pem(keys.resolve("rsa.pem"));
        rsaNextKey = ClientKeys.rsaPkcs8Pem(keys.resolve("rsa-next.pem"));
        ClientKeys.RsaKeyFile strangerKey = ClientKeys.rsaPkcs8Pem(keys.resolve("stranger.pem"));
        ecKey = ClientKeys.ecP256Jwk(keys.resolve("ec.jwk.json"), EC_KEY_ID);
        keySecrets.addAll(rsaKey.secrets());
        keySecrets.addAll(rsaNextKey.secrets());
        keySecrets.addAll(strangerKey.secrets());
        keySecrets.add(ecKey.getD().toString());

        startupLog = new LeakCheck();
        try {
            rsaApp = startApp(keySettings("it-rsa", rsaKey.file())
                    .set("client.next-key", rsaNextKey.file().toString()));
            provider.registerKeyClient("it-rsa", rsaApp.baseUri() + "/oauth2/jwks", "RS256", callback(rsaApp));

            ecApp = startApp(keySettings("it-ec", keys.resolve("ec.jwk.json"))
                    .set("client.assertion.audience", "token-endpoint"));
            provider.registerKeyClient("it-ec", ecApp.baseUri() + "/oauth2/jwks", "ES256", callback(ecApp));

            hmacApp = startApp(FilterSettings.builder().issuer(provider.issuer()).clientId("it-hmac")
                    .clientSecret(HMAC_SECRET).clientAuthMethod("client_secret_jwt")
                    .set("client.assertion.lifetime-seconds", "30"));
            provider.registerClient("it-hmac", HMAC_SECRET, "client_secret_jwt", callback(hmacApp));

            // Same client id as rsaApp, another key: the provider only knows rsaApp's JWK set. For a loopback
            // redirect URI the provider ignores the port, so this app's callback passes as rsaApp's.
            wrongKeyApp = startApp(FilterSettings.builder().issuer(provider.issuer()).clientId("it-rsa")
                    .clientAuthMethod("private_key_jwt").set("client.key", strangerKey.file().toString()));
        } finally {
            startupLog.close();
        }
    }

    private static FilterSettings.Builder keySettings(String clientId, Path keyFile) {
        return FilterSettings.builder().issuer(provider.issuer()).clientId(clientId)
                .clientAuthMethod("private_key_jwt")
                .set("client.key", keyFile.toString())
                .set("jwks.path", "/oauth2/jwks");
    }

    private static ProtectedApp startApp(FilterSettings.Builder settings) {
        return ProtectedApp.start(0, new PkceFilter(settings.build()));
    }

    private static String callback(ProtectedApp app) {
        return app.baseUri() + "/oauth2/callback";
    }

    @AfterAll
    static void stop() {
        for (ProtectedApp app : new ProtectedApp[] {rsaApp, ecApp, hmacApp, wrongKeyApp}) {
            if (app != null) {
                app.close();
            }
        }
        provider.close();
    }

    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>(provider.issuedSecrets());
        secrets.addAll(keySecrets);
        return secrets;
    }

    /** Signs in at the app through the provider and returns the one token request the callback caused. */
    private RecordedTokenRequest signIn(ProtectedApp app) {
        ScriptedBrowser browser = leaks.newBrowser();
        String callback = browser.signInAtProvider(browser.get(app.baseUri() + "/"), USER, PASSWORD);
        int callsBefore = provider.tokenRequests().size();
        ScriptedBrowser.Response finish = browser.get(callback);
        assertEquals(302, finish.status(), finish.body());
        assertEquals(200, browser.follow(finish).status());
        assertEquals(callsBefore + 1, provider.tokenRequests().size(), "exactly one token call");
        return provider.tokenRequests().get(callsBefore);
    }

    /** Checks the call carries an assertion and the verifier, and no other client credentials. */
    private static SignedJWT assertionOnTheCall(RecordedTokenRequest call, String clientId) throws Exception {
        assertEquals(Optional.of("authorization_code"), call.parameter("grant_type"));
        assertTrue(call.parameter("code_verifier").orElse("").length() >= 43, "the verifier is on the token call");
        assertEquals(Optional.of(JWT_BEARER), call.parameter("client_assertion_type"));
        // RFC 7523 makes client_id optional; Spring Authorization Server requires it.
        assertEquals(Optional.of(clientId), call.parameter("client_id"));
        assertEquals(Optional.empty(), call.parameter("client_secret"));
        assertEquals(Optional.empty(), call.authorizationScheme(), "no Basic header");
        return SignedJWT.parse(call.parameter("client_assertion").orElseThrow());
    }

    /** RFC 7523 §3: iss = sub = client id, the audience, a jti, and a short life. */
    private static void assertClaims(SignedJWT assertion, JWSVerifier verifier, String clientId, String audience,
            long maxLifetimeSeconds) throws Exception {
        assertTrue(assertion.verify(verifier), "signed with the client's key");
        JWTClaimsSet claims = assertion.getJWTClaimsSet();
        assertEquals(clientId, claims.getIssuer());
        assertEquals(clientId, claims.getSubject());
        assertEquals(List.of(audience), claims.getAudience());
        assertFalse(claims.getJWTID() == null || claims.getJWTID().isBlank(), "a jti");
        long lifetime = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        assertTrue(lifetime > 0 && lifetime <= maxLifetimeSeconds, "lifetime " + lifetime + " s");
    }

    private static void assertFailurePage(ScriptedBrowser.Response response, int status, String reason) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains("Reason: <code>" + reason + "</code>"), response.body());
        assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    }

    @Test
    void loginWhenPrivateKeyJwtRs256FromPemThenSignedInWithAFreshAssertionPerTokenCall() throws Exception {
        SignedJWT first = assertionOnTheCall(signIn(rsaApp), "it-rsa");
        SignedJWT second = assertionOnTheCall(signIn(rsaApp), "it-rsa");

        for (SignedJWT assertion : List.of(first, second)) {
            assertEquals(JWSAlgorithm.RS256, assertion.getHeader().getAlgorithm());
            assertEquals(rsaKey.thumbprint(), assertion.getHeader().getKeyID(),
                    "a PEM key's kid is its thumbprint");
            assertClaims(assertion, new RSASSAVerifier(rsaKey.jwk().toRSAPublicKey()), "it-rsa",
                    provider.issuer(), 60);
        }
        assertNotEquals(first.getJWTClaimsSet().getJWTID(), second.getJWTClaimsSet().getJWTID(), "a fresh jti");
        assertNotEquals(first.serialize(), second.serialize());
    }

    @Test
    void loginWhenPrivateKeyJwtEs256FromJwkFileAndTokenEndpointAudienceThenSignedIn() throws Exception {
        SignedJWT assertion = assertionOnTheCall(signIn(ecApp), "it-ec");

        assertEquals(JWSAlgorithm.ES256, assertion.getHeader().getAlgorithm());
        assertEquals(EC_KEY_ID, assertion.getHeader().getKeyID(), "a JWK file's own kid is kept");
        assertClaims(assertion, new ECDSAVerifier(ecKey.toPublicJWK()), "it-ec",
                provider.issuer() + "/oauth2/token", 60);
    }

    @Test
    void loginWhenClientSecretJwtThenSignedInWithAnHs256Assertion() throws Exception {
        SignedJWT assertion = assertionOnTheCall(signIn(hmacApp), "it-hmac");

        assertEquals(JWSAlgorithm.HS256, assertion.getHeader().getAlgorithm());
        assertClaims(assertion, new MACVerifier(HMAC_SECRET), "it-hmac", provider.issuer(), 30);
    }

    @Test
    void callbackWhenAssertionSignedWithAnUnregisteredKeyThenInvalidClientWithoutTheProvidersText() {
        ScriptedBrowser browser = leaks.newBrowser();
        String callback = browser.signInAtProvider(browser.get(wrongKeyApp.baseUri() + "/"), USER, PASSWORD);
        int callsBefore = provider.tokenRequests().size();

        ScriptedBrowser.Response response = browser.get(callback);

        assertFailurePage(response, 502, "TOKEN_EXCHANGE_FAILED");
        assertEquals(callsBefore + 1, provider.tokenRequests().size());
        assertTrue(provider.tokenRequests().get(callsBefore).parameter("client_assertion").isPresent());
        List<String> logged = leaks.logged();
        assertTrue(logged.stream().anyMatch(line -> line.contains("reason=TOKEN_EXCHANGE_FAILED")
                && line.contains("error=invalid_client")), logged.toString());
        for (String text : List.of(PROVIDER_TEXT, "error_description")) {
            assertFalse(response.body().contains(text), "the page shows the provider's answer");
            assertTrue(logged.stream().noneMatch(line -> line.contains(text)),
                    "a log line has the provider's answer");
        }
        assertEquals(302, browser.get(wrongKeyApp.baseUri() + "/").status(), "not signed in");
    }

    @Test
    void jwksWhenRequestedWithoutLoginThenPublicCurrentAndNextKeysWithCaching() throws Exception {
        ScriptedBrowser.Response response = leaks.newBrowser().get(rsaApp.baseUri() + "/oauth2/jwks");

        assertEquals(200, response.status(), response.body());
        assertTrue(response.header("Content-Type").orElse("").contains("json"),
                response.header("Content-Type").toString());
        assertTrue(Pattern.compile("max-age=\\d+").matcher(response.header("Cache-Control").orElse("")).find(),
                response.header("Cache-Control").toString());
        Map<String, Object> body = JSONObjectUtils.parse(response.body());
        List<?> keyList = (List<?>) body.get("keys");
        assertEquals(2, keyList.size(), "the current and the next key");
        for (Object key : keyList) {
            Set<String> members = ((Map<?, ?>) key).keySet().stream()
                    .map(Object::toString)
                    .collect(Collectors.toSet());
            for (String privateMember : List.of("d", "p", "q", "dp", "dq", "qi")) {
                assertFalse(members.contains(privateMember), "private member " + privateMember + " published");
            }
        }
        JWKSet published = JWKSet.parse(response.body());
        assertEquals(rsaKey.jwk().getModulus(),
                published.getKeyByKeyId(rsaKey.thumbprint()).toRSAKey().getModulus(), "the current key, by its kid");
        assertTrue(published.getKeys().stream()
                        .anyMatch(key -> key.toRSAKey().getModulus().equals(rsaNextKey.jwk().getModulus())),
                "the next key is published");
    }

    @Test
    void startWhenKeysAndSecretConfiguredThenStartupLogShowsNoneOfThem() {
        List<String> secrets = new ArrayList<>(keySecrets);
        secrets.add(HMAC_SECRET);
        startupLog.assertNothingLeaked(secrets, List.of());
    }
}
