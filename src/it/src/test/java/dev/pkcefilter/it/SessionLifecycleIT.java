package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After the login: logout (RP-initiated and back-channel), access tokens refreshed on demand, the session's
 * maximum age, roles and userinfo; the filter in a real Jetty against the real provider, time moved by a
 * {@link MutableClock}. Every test ends with the leak check, logout tokens among the secrets.
 */
class SessionLifecycleIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";
    private static final String BACKCHANNEL = "/oauth2/backchannel-logout";
    private static final String BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** The provider's default access token lifetime. */
    private static final Duration ACCESS_TOKEN_TTL = Duration.ofMinutes(5);
    /** Only in userinfo answers: its presence in the user's claims shows that the filter called userinfo. */
    private static final String USERINFO_ONLY_CLAIM = "locale";

    private static EmbeddedProvider provider;

    private final List<ScriptedBrowser> browsers = new ArrayList<>();
    private final List<ScriptedBrowser.Response> otherAppResponses = new ArrayList<>();
    private final List<ProtectedApp> apps = new ArrayList<>();
    private final MutableClock clock = new MutableClock();
    private LeakCheck leakCheck;
    private int refreshesBefore;

    @BeforeAll
    static void startProvider() {
        provider = EmbeddedProvider.builder().user(USER, PASSWORD)
                .rotateRefreshTokens()
                .idTokenClaim("groups", List.of("ROLE_staff", "ROLE_admin"))
                .userInfoClaim(USERINFO_ONLY_CLAIM, "en-GB")
                .start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @BeforeEach
    void watchForLeaks() {
        leakCheck = new LeakCheck();
        refreshesBefore = allRefreshRequests().size();
    }

    @AfterEach
    void nothingLeaked() {
        try {
            List<ScriptedBrowser.Response> fromApps = new ArrayList<>(otherAppResponses);
            browsers.forEach(browser -> fromApps.addAll(appResponses(browser)));
            leakCheck.assertNothingLeaked(provider.issuedSecrets(), fromApps);
        } finally {
            leakCheck.close();
            apps.forEach(ProtectedApp::close);
        }
    }

    // ---- logout (OIDC RP-Initiated Logout 1.0) ----

    @Test
    void logoutWhenPostedFromTheAppThenBothSessionsEndAndTheBrowserReturnsToTheApp() {
        ProtectedApp app = startApp("lc-logout", builder -> { });
        ScriptedBrowser browser = signedInBrowser(app);
        String idToken = lastIdToken();

        ScriptedBrowser.Response logout = browser.postForm(app.baseUri() + "/oauth2/logout", Map.of(),
                Map.of("Origin", app.baseUri().toString()));

        assertEquals(302, logout.status(), logout.body());
        assertEquals(Optional.of("no-store"), logout.header("Cache-Control"));
        assertTrue(logout.location().startsWith(provider.issuer() + "/connect/logout?"), logout.location());
        Map<String, String> params = ScriptedBrowser.queryParameters(logout.location());
        assertEquals(idToken, params.get("id_token_hint"), "the session's ID token");
        assertEquals("lc-logout", params.get("client_id"));
        assertEquals(app.baseUri() + "/", params.get("post_logout_redirect_uri"));

        ScriptedBrowser.Response atProvider = browser.follow(logout);
        assertEquals(302, atProvider.status(), "the provider accepts the logout request: " + atProvider.body());
        assertEquals(app.baseUri() + "/", atProvider.location());
        ScriptedBrowser.Response back = browser.follow(atProvider);
        assertEquals(302, back.status(), "the app session is gone");
        assertTrue(back.location().startsWith(provider.issuer() + "/oauth2/authorize?"), back.location());
        ScriptedBrowser.Response authorize = browser.follow(back);
        assertEquals(302, authorize.status());
        assertEquals(provider.issuer() + "/login", authorize.location(), "the provider session is gone too");
    }

    @Test
    void logoutWhenGetThen405AndStillSignedIn() {
        ProtectedApp app = startApp("lc-logout-get", builder -> { });
        ScriptedBrowser browser = signedInBrowser(app);

        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/oauth2/logout");

        assertEquals(405, response.status());
        assertEquals(Optional.of("POST"), response.header("Allow"));
        assertSignedIn(browser, app);
    }

    @Test
    void logoutWhenPostedFromAnotherOriginThen403AndStillSignedIn() {
        ProtectedApp app = startApp("lc-logout-csrf", builder -> { });
        ScriptedBrowser browser = signedInBrowser(app);

        ScriptedBrowser.Response response = browser.postForm(app.baseUri() + "/oauth2/logout", Map.of(),
                Map.of("Origin", "https://evil.example"));

        assertEquals(403, response.status());
        assertEquals(Optional.empty(), response.header("Location"));
        assertSignedIn(browser, app);
    }

    // ---- access tokens and refresh (RFC 6749 §6) ----

    @Test
    void accessTokenWhenExpiredUnderConcurrentRequestsThenOneRefreshServesThemAll() throws Exception {
        ProtectedApp app = startApp("lc-refresh", builder -> { });
        ScriptedBrowser browser = signedInBrowser(app);
        String first = tokenHash(browser, app);
        assertEquals(first, tokenHash(browser, app), "a current token is served as it is");
        assertEquals(List.of(), refreshRequests(), "no refresh while the token is current");
        assertTrue(hashesOf(provider.issuedSecrets()).contains(first), "the hash is of a token the provider issued");

        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        List<ScriptedBrowser.Response> answers = concurrentTokenRequests(browser, app, 20);

        Set<String> hashes = new HashSet<>();
        for (ScriptedBrowser.Response answer : answers) {
            assertEquals(200, answer.status(), answer.body());
            hashes.add(sha256Field(answer));
        }
        assertEquals(1, hashes.size(), "every request got the same refreshed token: " + hashes);
        String second = hashes.iterator().next();
        assertNotEquals(first, second);
        List<RecordedTokenRequest> refreshes = refreshRequests();
        assertEquals(1, refreshes.size(), "one refresh for 20 concurrent requests");
        RecordedTokenRequest refresh = refreshes.get(0);
        assertEquals(Optional.of("Basic"), refresh.authorizationScheme(), "with the login's client authentication");
        assertEquals(Optional.empty(), refresh.parameter("client_secret"));
        assertTrue(provider.issuedSecrets().contains(refresh.parameter("refresh_token").orElse("")),
                "with the refresh token the provider issued");
    }

    @Test
    void accessTokenWhenRefreshTokenRotatedThenTheNextRefreshUsesTheNewOneAndLogoutTheNewIdToken() {
        ProtectedApp app = startApp("lc-rotate", builder -> { });
        ScriptedBrowser browser = signedInBrowser(app);
        String first = tokenHash(browser, app);

        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        String second = tokenHash(browser, app);
        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        String third = tokenHash(browser, app);

        assertEquals(3, Set.of(first, second, third).size(), "a new access token on each refresh");
        List<RecordedTokenRequest> refreshes = refreshRequests();
        assertEquals(2, refreshes.size());
        assertNotEquals(refreshes.get(0).parameter("refresh_token"), refreshes.get(1).parameter("refresh_token"),
                "the provider rotates refresh tokens; the filter must send the newest");
        assertEquals(third, tokenHash(browser, app), "no refresh while the new token is current");
        assertEquals(2, refreshRequests().size());

        ScriptedBrowser.Response logout = browser.postForm(app.baseUri() + "/oauth2/logout", Map.of(),
                Map.of("Origin", app.baseUri().toString()));
        assertEquals(lastIdToken(), ScriptedBrowser.queryParameters(logout.location()).get("id_token_hint"),
                "the hint is the refreshed ID token");
        ScriptedBrowser.Response atProvider = browser.follow(logout);
        assertEquals(app.baseUri() + "/", atProvider.location(), "and the provider accepts it");
    }

    @Test
    void accessTokenWhenRefreshRefusedThen401AndTheSignedInStateEnds() {
        ProtectedApp app = startApp("lc-revoked", builder -> { });
        ScriptedBrowser browser = signedInBrowser(app);
        tokenHash(browser, app);
        assertTrue(provider.revokeRefreshTokens() > 0);

        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        ScriptedBrowser.Response refused = browser.get(app.baseUri() + "/api/token", Map.of("Accept", "application/json"));

        assertEquals(401, refused.status(), refused.body());
        assertEquals(1, refreshRequests().size(), "the refresh was tried");
        assertTrue(leakCheck.logged().stream().anyMatch(line -> line.contains("WARNING")
                && line.contains("refresh failed") && line.contains("invalid_grant")), leakCheck.logged().toString());
        assertNotSignedIn(browser, app);
        ScriptedBrowser.Response xhr = browser.get(app.baseUri() + "/api/token", Map.of("Accept", "application/json"));
        assertEquals(401, xhr.status());
        assertTrue(xhr.header("WWW-Authenticate").isPresent(), "the filter answers now, not the app");
    }

    // ---- session lifetime, roles, userinfo ----

    @Test
    void requestWhenSessionMaxAgePassedThenRedirectedToLogin() {
        ProtectedApp app = startApp("lc-max-age", builder -> builder.set("session.max-age-seconds", "60"));
        ScriptedBrowser browser = signedInBrowser(app);

        clock.advance(Duration.ofSeconds(59));
        assertSignedIn(browser, app);
        clock.advance(Duration.ofSeconds(2));
        assertNotSignedIn(browser, app);
    }

    @Test
    void isUserInRoleWhenGroupsClaimWithPrefixThenRolesAreStripped() {
        ProtectedApp app = startApp("lc-roles", builder -> builder.set("roles.claim", "groups")
                .set("roles.strip-prefix", "ROLE_"));
        ScriptedBrowser browser = signedInBrowser(app);

        Map<String, Object> admin = json(browser.get(app.baseUri() + "/api/role?name=admin"));
        assertEquals(true, admin.get("inRole"));
        assertEquals(List.of("staff", "admin"), admin.get("roles"));
        assertEquals(false, json(browser.get(app.baseUri() + "/api/role?name=ROLE_admin")).get("inRole"));
        assertEquals(false, json(browser.get(app.baseUri() + "/api/role?name=auditor")).get("inRole"));
    }

    @Test
    void loginWhenUserInfoEnabledThenItsClaimsJoinTheUsersClaims() {
        ProtectedApp withUserInfo = startApp("lc-userinfo", builder -> builder.set("userinfo.enabled", "true"));
        ProtectedApp without = startApp("lc-no-userinfo", builder -> { });

        Map<String, Object> claims = json(signedInBrowser(withUserInfo).get(withUserInfo.baseUri() + "/me"));
        assertEquals("en-GB", claims.get(USERINFO_ONLY_CLAIM), claims.toString());
        assertEquals(USER, claims.get("sub"));
        Map<String, Object> idTokenOnly = json(signedInBrowser(without).get(without.baseUri() + "/me"));
        assertFalse(idTokenOnly.containsKey(USERINFO_ONLY_CLAIM), "off by default: " + idTokenOnly);
    }

    @Test
    void loginWhenUserInfoSubjectDiffersThenRefused() {
        try (EmbeddedProvider liar = EmbeddedProvider.builder().user(USER, PASSWORD)
                .userInfoClaim("sub", "mallory").start()) {
            ProtectedApp app = startApp(liar, "lc-userinfo-liar", builder -> builder.set("userinfo.enabled", "true"));
            ScriptedBrowser browser = newBrowser();
            String callback = browser.signInAtProvider(browser.get(app.baseUri() + "/"), USER, PASSWORD);

            ScriptedBrowser.Response response = browser.get(callback);

            assertEquals(502, response.status(), response.body());
            assertTrue(response.body().contains("USERINFO_FAILED"), response.body());
            ScriptedBrowser.Response again = browser.get(app.baseUri() + "/");
            assertEquals(302, again.status(), "not signed in");
            leakCheck.assertNothingLeaked(liar.issuedSecrets(), appResponses(browser));
        }
    }

    // ---- back-channel logout (OIDC Back-Channel Logout 1.0) ----

    @Test
    void backchannelLogoutWhenValidForOneSidThenOnlyThatSessionEndsAndAReplayIsRefused() {
        ProtectedApp app = startApp("lc-bcl", builder -> builder.set("backchannel-logout.path", BACKCHANNEL));
        ScriptedBrowser first = signedInBrowser(app);
        String firstSid = sid(lastIdToken());
        ScriptedBrowser second = signedInBrowser(app);
        assertNotEquals(firstSid, sid(lastIdToken()), "two browsers, two provider sessions");

        String token = provider.signJwt(logoutClaims("lc-bcl", claims -> claims.put("sid", firstSid)));
        ScriptedBrowser.Response accepted = postLogoutToken(app, token);

        assertEquals(200, accepted.status(), accepted.body());
        assertNotSignedIn(first, app);
        assertSignedIn(second, app);
        ScriptedBrowser.Response replay = postLogoutToken(app, token);
        assertEquals(400, replay.status(), "a jti is good once: " + replay.body());
        assertEquals("invalid_request", json(replay).get("error"));
        assertSignedIn(second, app);
    }

    @Test
    void backchannelLogoutWhenTokenInvalidThen400AndNoSessionEnds() {
        ProtectedApp app = startApp("lc-bcl-bad", builder -> builder.set("backchannel-logout.path", BACKCHANNEL));
        ScriptedBrowser browser = signedInBrowser(app);
        String sid = sid(lastIdToken());
        Map<String, String> reasons = new LinkedHashMap<>();
        Map<String, String> invalid = new LinkedHashMap<>();
        invalid.put("wrong aud", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("aud", "another-client");
        })));
        reasons.put("wrong aud", "aud");
        invalid.put("no events", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.remove("events");
        })));
        reasons.put("no events", "event");
        invalid.put("with a nonce", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("nonce", "n-0S6_WzA2Mj");
        })));
        reasons.put("with a nonce", "nonce");
        invalid.put("stranger's key", provider.signJwtWithStrangerKey(logoutClaims("lc-bcl-bad", c -> c.put("sid", sid))));
        reasons.put("stranger's key", "signature");
        invalid.put("wrong iss", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("iss", "http://localhost:1");
        })));
        reasons.put("wrong iss", "iss");
        invalid.put("iat too old", provider.signJwt(logoutClaims("lc-bcl-bad", c -> {
            c.put("sid", sid);
            c.put("iat", clock.instant().minusSeconds(400).getEpochSecond());
        })));
        reasons.put("iat too old", "iat");
        invalid.put("neither sid nor sub", provider.signJwt(logoutClaims("lc-bcl-bad", c -> { })));
        reasons.put("neither sid nor sub", "sid");

        for (Map.Entry<String, String> token : invalid.entrySet()) {
            ScriptedBrowser.Response response = postLogoutToken(app, token.getValue());
            assertEquals(400, response.status(), token.getKey() + ": " + response.body());
            Map<String, Object> error = json(response);
            assertEquals("invalid_request", error.get("error"), token.getKey());
            assertTrue(String.valueOf(error.get("error_description")).contains(reasons.get(token.getKey())),
                    token.getKey() + " refused for its own reason: " + error);
            assertSignedIn(browser, app);
        }
    }

    @Test
    void backchannelLogoutWhenOnlySubThenEverySessionOfThatSubjectEnds() {
        ProtectedApp app = startApp("lc-bcl-sub", builder -> builder.set("backchannel-logout.path", BACKCHANNEL));
        ScriptedBrowser first = signedInBrowser(app);
        ScriptedBrowser second = signedInBrowser(app);

        ScriptedBrowser.Response response = postLogoutToken(app,
                provider.signJwt(logoutClaims("lc-bcl-sub", claims -> claims.put("sub", USER))));

        assertEquals(200, response.status(), response.body());
        assertNotSignedIn(first, app);
        assertNotSignedIn(second, app);
    }

    // ---- helpers ----

    private ProtectedApp startApp(String clientId, Consumer<FilterSettings.Builder> settings) {
        return startApp(provider, clientId, settings);
    }

    private ProtectedApp startApp(EmbeddedProvider at, String clientId, Consumer<FilterSettings.Builder> settings) {
        String secret = clientId + "-secret-value";
        FilterSettings.Builder builder = FilterSettings.builder().issuer(at.issuer()).clientId(clientId)
                .clientSecret(secret).clock(clock);
        settings.accept(builder);
        ProtectedApp app = ProtectedApp.start(0, new PkceFilter(builder.build()));
        apps.add(app);
        at.registerClient(clientId, secret, "client_secret_basic", app.baseUri() + "/oauth2/callback");
        return app;
    }

    /**
     * What the apps sent this browser, for the leak check. The one place an ID token may be is the
     * {@code id_token_hint} of the logout redirect (OIDC RP-Initiated Logout 1.0 §2): that value alone is cut out.
     */
    private static List<ScriptedBrowser.Response> appResponses(ScriptedBrowser browser) {
        List<ScriptedBrowser.Response> responses = new ArrayList<>();
        for (ScriptedBrowser.Response response : browser.history()) {
            if (!response.uri().getHost().equals("127.0.0.1")) {
                continue;
            }
            if (response.uri().getPath().equals("/oauth2/logout") && response.isRedirect()) {
                Map<String, List<String>> headers = new LinkedHashMap<>(response.headers());
                headers.replaceAll((name, values) -> name.equalsIgnoreCase("Location")
                        ? List.of(values.get(0).replaceFirst("([?&]id_token_hint=)[^&]*", "$1(cut)")) : values);
                response = new ScriptedBrowser.Response(response.status(), headers, response.body(), response.uri());
            }
            responses.add(response);
        }
        return responses;
    }

    private ScriptedBrowser newBrowser() {
        ScriptedBrowser browser = new ScriptedBrowser();
        browsers.add(browser);
        return browser;
    }

    /** A new browser that has signed in to the app, and so at the provider. */
    private ScriptedBrowser signedInBrowser(ProtectedApp app) {
        ScriptedBrowser browser = newBrowser();
        String callback = browser.signInAtProvider(browser.get(app.baseUri() + "/"), USER, PASSWORD);
        ScriptedBrowser.Response finish = browser.get(callback);
        assertEquals(302, finish.status(), finish.body());
        assertEquals(200, browser.follow(finish).status());
        return browser;
    }

    private static void assertSignedIn(ScriptedBrowser browser, ProtectedApp app) {
        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/");
        assertEquals(200, response.status(), "still signed in");
    }

    private static void assertNotSignedIn(ScriptedBrowser browser, ProtectedApp app) {
        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/");
        assertEquals(302, response.status(), "a signed-in session would answer 200");
        assertTrue(response.location().startsWith(provider.issuer() + "/oauth2/authorize?"), response.location());
    }

    private static String lastIdToken() {
        List<String> idTokens = provider.issuedIdTokens();
        assertFalse(idTokens.isEmpty(), "the provider issued no ID token");
        return idTokens.get(idTokens.size() - 1);
    }

    private static String sid(String idToken) {
        try {
            String sid = SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("sid");
            assertNotNull(sid, "the provider put no sid in the ID token");
            return sid;
        } catch (java.text.ParseException e) {
            throw new AssertionError("the ID token does not parse", e);
        }
    }

    /** @return the refresh requests of this test: the provider, shared by all, also holds earlier tests' */
    private List<RecordedTokenRequest> refreshRequests() {
        List<RecordedTokenRequest> all = allRefreshRequests();
        return all.subList(refreshesBefore, all.size());
    }

    private static List<RecordedTokenRequest> allRefreshRequests() {
        return provider.tokenRequests().stream()
                .filter(request -> request.parameter("grant_type").equals(Optional.of("refresh_token")))
                .collect(Collectors.toList());
    }

    private static String tokenHash(ScriptedBrowser browser, ProtectedApp app) {
        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/api/token", Map.of("Accept", "application/json"));
        assertEquals(200, response.status(), response.body());
        return sha256Field(response);
    }

    private static String sha256Field(ScriptedBrowser.Response response) {
        Object hash = json(response).get("sha256");
        assertTrue(hash instanceof String, response.body());
        return (String) hash;
    }

    /** The requests start together, behind a latch, with the browser's session cookie. */
    private List<ScriptedBrowser.Response> concurrentTokenRequests(ScriptedBrowser browser, ProtectedApp app, int count)
            throws Exception {
        String cookie = "JSESSIONID=" + browser.cookie("127.0.0.1", "JSESSIONID").orElseThrow();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(app.baseUri().resolve("/api/token"))
                .header("Cookie", cookie).header("Accept", "application/json").timeout(Duration.ofSeconds(20)).build();
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                pending.add(pool.submit(() -> {
                    start.await();
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<ScriptedBrowser.Response> responses = new ArrayList<>();
            for (Future<HttpResponse<String>> future : pending) {
                HttpResponse<String> raw = future.get(30, TimeUnit.SECONDS);
                responses.add(new ScriptedBrowser.Response(raw.statusCode(), raw.headers().map(), raw.body(), raw.uri()));
            }
            otherAppResponses.addAll(responses);
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Set<String> hashesOf(Set<String> values) {
        Set<String> hashes = new HashSet<>();
        for (String value : values) {
            try {
                hashes.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(value.getBytes(StandardCharsets.UTF_8))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        return hashes;
    }

    /**
     * A valid logout token's claims for this client (iat and exp by the filter's clock, which these tests keep
     * near the system clock); the caller adds sid or sub.
     */
    private Map<String, Object> logoutClaims(String clientId, Consumer<Map<String, Object>> changes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", provider.issuer());
        claims.put("aud", clientId);
        claims.put("iat", clock.instant().getEpochSecond());
        // Required since errata set 1 of Back-Channel Logout 1.0 (§2.4); "at most two minutes" (§4).
        claims.put("exp", clock.instant().plusSeconds(120).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("events", Map.of(BACKCHANNEL_EVENT, Map.of()));
        changes.accept(claims);
        return claims;
    }

    /** Posts as the provider would: a form with the token, from its own client without cookies. */
    private ScriptedBrowser.Response postLogoutToken(ProtectedApp app, String logoutToken) {
        ScriptedBrowser providerSide = newBrowser();
        return providerSide.postForm(app.baseUri() + BACKCHANNEL, Map.of("logout_token", logoutToken),
                Map.of("Accept", "application/json"));
    }

    private static Map<String, Object> json(ScriptedBrowser.Response response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (java.text.ParseException e) {
            throw new AssertionError("not JSON (HTTP " + response.status() + "): " + response.body(), e);
        }
    }
}
