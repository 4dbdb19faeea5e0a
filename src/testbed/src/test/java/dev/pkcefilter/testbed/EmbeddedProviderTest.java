package dev.pkcefilter.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedProviderTest {

    private static final String CLIENT_ID = "testbed-client";
    private static final String CLIENT_SECRET = "testbed-secret";
    // Never requested: the tests stop at the provider's redirect to it.
    private static final String REDIRECT_URI = "http://127.0.0.1:65000/oauth2/callback";

    private static EmbeddedProvider provider;

    @BeforeAll
    static void startProvider() {
        provider = EmbeddedProvider.builder().start();
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", REDIRECT_URI);
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @Test
    void discoveryWhenFetchedThenAdvertisesIssuerAndS256() throws Exception {
        ScriptedBrowser.Response response =
                new ScriptedBrowser().get(provider.issuer() + "/.well-known/openid-configuration");

        assertEquals(200, response.status());
        Map<String, Object> metadata = JSONObjectUtils.parse(response.body());
        assertEquals("http://localhost:" + provider.port(), metadata.get("issuer"));
        assertEquals(List.of("S256"), metadata.get("code_challenge_methods_supported"));
        assertTrue(((List<?>) metadata.get("id_token_signing_alg_values_supported")).contains("RS256"));
    }

    @Test
    void tokenRequestWhenVerifierAndBasicAuthThenTokensIssuedAndRecorded() throws Exception {
        ScriptedBrowser browser = new ScriptedBrowser();
        String verifier = ClientPkce.newVerifier();
        String callback = browser.signInAtProvider(redirectTo(authorizeUrl(ClientPkce.challenge(verifier))), "alice", "wonderland");
        String code = ScriptedBrowser.queryParameters(callback).get("code");
        assertTrue(callback.startsWith(REDIRECT_URI + "?"), callback);
        assertEquals("st-1", ScriptedBrowser.queryParameters(callback).get("state"));

        ScriptedBrowser.Response response = browser.postForm(tokenEndpoint(), tokenForm(code, verifier), basicAuth());

        assertEquals(200, response.status(), response.body());
        Map<String, Object> tokens = JSONObjectUtils.parse(response.body());
        RecordedTokenRequest recorded = provider.tokenRequests().get(provider.tokenRequests().size() - 1);
        assertEquals(Optional.of(verifier), recorded.parameter("code_verifier"));
        assertEquals(Optional.of("Basic"), recorded.authorizationScheme());
        assertTrue(provider.issuedSecrets().containsAll(List.of(code, verifier, CLIENT_SECRET,
                (String) tokens.get("access_token"), (String) tokens.get("id_token"),
                (String) tokens.get("refresh_token"))));
    }

    /**
     * Spring's default encoder re-hashes a {noop} value with bcrypt after its first match, and every login and token
     * call after that spends a tenth of a second of CPU on it. The test bed's encoder keeps them as registered.
     */
    @Test
    void credentialsWhenUsedForALoginAndATokenCallThenStillStoredAsRegistered() throws Exception {
        for (int login = 0; login < 2; login++) {
            ScriptedBrowser browser = new ScriptedBrowser();
            String verifier = ClientPkce.newVerifier();
            String callback = browser.signInAtProvider(redirectTo(authorizeUrl(ClientPkce.challenge(verifier))), "alice", "wonderland");
            String code = ScriptedBrowser.queryParameters(callback).get("code");
            ScriptedBrowser.Response response = browser.postForm(tokenEndpoint(), tokenForm(code, verifier), basicAuth());
            assertEquals(200, response.status(), response.body());
        }

        assertEquals("{noop}" + CLIENT_SECRET, provider.storedSecret(CLIENT_ID));
        assertEquals("{noop}wonderland", provider.storedPassword("alice"));
    }

    @Test
    void tokenRequestWhenCodeVerifierMissingThenInvalidGrant() throws Exception {
        ScriptedBrowser browser = new ScriptedBrowser();
        String verifier = ClientPkce.newVerifier();
        String callback = browser.signInAtProvider(redirectTo(authorizeUrl(ClientPkce.challenge(verifier))), "alice", "wonderland");
        Map<String, String> form = tokenForm(ScriptedBrowser.queryParameters(callback).get("code"), verifier);
        form.remove("code_verifier");

        ScriptedBrowser.Response response = browser.postForm(tokenEndpoint(), form, basicAuth());

        assertEquals(400, response.status());
        assertEquals("invalid_grant", JSONObjectUtils.parse(response.body()).get("error"));
    }

    @Test
    void tokenRequestWhenRefreshTokenRevokedThenInvalidGrant() throws Exception {
        Map<String, Object> tokens = signInAndExchange(new ScriptedBrowser());
        assertEquals(tokens.get("id_token"), provider.issuedIdTokens().get(provider.issuedIdTokens().size() - 1));
        Map<String, String> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", "refresh_token");
        refresh.put("refresh_token", (String) tokens.get("refresh_token"));
        assertEquals(200, new ScriptedBrowser().postForm(tokenEndpoint(), refresh, basicAuth()).status());

        assertTrue(provider.revokeRefreshTokens() >= 1);
        ScriptedBrowser.Response refused = new ScriptedBrowser().postForm(tokenEndpoint(), refresh, basicAuth());

        assertEquals(400, refused.status());
        assertEquals("invalid_grant", JSONObjectUtils.parse(refused.body()).get("error"));
    }

    @Test
    void signJwtWhenCheckedWithPublishedKeysThenProviderSignatureVerifiesAndStrangersDoesNot() throws Exception {
        JWKSet published = JWKSet.parse(new ScriptedBrowser().get(provider.issuer() + "/oauth2/jwks").body());
        Map<String, Object> claims = Map.of("iss", provider.issuer(), "jti", "j-1");

        JWSObject own = JWSObject.parse(provider.signJwt(claims));
        JWSObject stranger = JWSObject.parse(provider.signJwtWithStrangerKey(claims));

        assertEquals("logout+jwt", own.getHeader().getType().toString());
        RSAKey key = published.getKeyByKeyId(own.getHeader().getKeyID()).toRSAKey();
        assertTrue(own.verify(new RSASSAVerifier(key)));
        assertEquals(own.getHeader().getKeyID(), stranger.getHeader().getKeyID(), "the stranger claims the same kid");
        assertFalse(stranger.verify(new RSASSAVerifier(key)));
        assertTrue(provider.issuedSecrets().contains(own.serialize()));
    }

    @Test
    void idTokenClaimWhenSetThenInTheIdTokenAndUserInfoClaimOnlyInUserInfo() throws Exception {
        try (EmbeddedProvider custom = EmbeddedProvider.builder().idTokenClaim("groups", List.of("ROLE_a"))
                .userInfoClaim("locale", "en-GB").start()) {
            custom.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", REDIRECT_URI);
            Map<String, Object> tokens = signInAndExchange(new ScriptedBrowser(), custom);
            Map<String, Object> idToken = SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getClaims();
            ScriptedBrowser.Response userInfo = new ScriptedBrowser().get(custom.issuer() + "/userinfo",
                    Map.of("Authorization", "Bearer " + tokens.get("access_token"), "Accept", "application/json"));

            assertEquals(List.of("ROLE_a"), idToken.get("groups"));
            assertFalse(idToken.containsKey("locale"));
            Map<String, Object> info = JSONObjectUtils.parse(userInfo.body());
            assertEquals("en-GB", info.get("locale"), userInfo.body());
            assertEquals("alice", info.get("sub"));
            assertEquals("Alice", info.get("name"));
            assertFalse(info.containsKey("groups"));
        }
    }

    private static Map<String, Object> signInAndExchange(ScriptedBrowser browser) throws Exception {
        return signInAndExchange(browser, provider);
    }

    /** A full code flow at {@code at}: the token response. */
    private static Map<String, Object> signInAndExchange(ScriptedBrowser browser, EmbeddedProvider at) throws Exception {
        String verifier = ClientPkce.newVerifier();
        String authorize = authorizeUrl(ClientPkce.challenge(verifier)).replace(provider.issuer(), at.issuer());
        String callback = browser.signInAtProvider(redirectTo(authorize), "alice", "wonderland");
        ScriptedBrowser.Response response = browser.postForm(at.issuer() + "/oauth2/token",
                tokenForm(ScriptedBrowser.queryParameters(callback).get("code"), verifier), basicAuth());
        assertEquals(200, response.status(), response.body());
        return JSONObjectUtils.parse(response.body());
    }

    @Test
    void signInAtProviderWhenPasswordWrongThenNoCallback() throws Exception {
        ScriptedBrowser browser = new ScriptedBrowser();
        ScriptedBrowser.Response redirect = redirectTo(authorizeUrl(ClientPkce.challenge(ClientPkce.newVerifier())));

        assertThrows(IllegalStateException.class, () -> browser.signInAtProvider(redirect, "alice", "wrong"));
        assertTrue(browser.cookie("localhost", "PROVIDER_SESSION").isPresent());
        assertEquals(Optional.empty(), browser.cookie("localhost", "JSESSIONID"));
    }

    private static String authorizeUrl(String challenge) {
        return provider.issuer() + "/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID
                + "&scope=openid%20profile%20email&state=st-1&nonce=n-1"
                + "&redirect_uri=" + URLEncoder.encode(REDIRECT_URI, StandardCharsets.UTF_8)
                + "&code_challenge=" + challenge + "&code_challenge_method=S256";
    }

    /** Stands in for the app's redirect to the authorization endpoint. */
    private static ScriptedBrowser.Response redirectTo(String url) {
        return new ScriptedBrowser.Response(302, Map.of("Location", List.of(url)), "",
                URI.create("http://127.0.0.1:65000/"));
    }

    private static String tokenEndpoint() {
        return provider.issuer() + "/oauth2/token";
    }

    private static Map<String, String> tokenForm(String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT_URI);
        form.put("code_verifier", verifier);
        return form;
    }

    private static Map<String, String> basicAuth() {
        String credentials = CLIENT_ID + ":" + CLIENT_SECRET;
        return Map.of("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
}
