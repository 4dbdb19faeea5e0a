package dev.pkcefilter.it;

import static dev.pkcefilter.it.AccessTokenProbe.hashesOf;
import static dev.pkcefilter.it.AccessTokenProbe.sha256Field;
import static dev.pkcefilter.it.AccessTokenProbe.tokenHash;
import static dev.pkcefilter.it.SignedInApps.PASSWORD;
import static dev.pkcefilter.it.SignedInApps.USER;
import static dev.pkcefilter.it.SignedInApps.assertSignedIn;
import static dev.pkcefilter.it.SignedInApps.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.MutableClock;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.LeakCheck;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * After the login: RP-initiated logout, access tokens refreshed on demand, the session's maximum age, roles and
 * userinfo; the filter in a real Jetty against the real provider, time moved by a {@link MutableClock}.
 * Back-channel logout is {@link BackChannelLogoutIT}'s. Every test ends with the leak check; its own, not
 * {@link LeakWatch}, because the logout redirect may carry the ID token.
 */
class SessionLifecycleIT {

    /** The provider's default access token lifetime. */
    private static final Duration ACCESS_TOKEN_TTL = Duration.ofMinutes(5);
    /** Only in userinfo answers: its presence in the user's claims shows that the filter called userinfo. */
    private static final String USERINFO_ONLY_CLAIM = "locale";

    private static EmbeddedProvider provider;

    private final List<ScriptedBrowser> browsers = new ArrayList<>();
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final SignedInApps apps = new SignedInApps(provider, clock, this::newBrowser);
    private LeakCheck leakCheck;
    private AccessTokenProbe tokens;

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
        tokens = new AccessTokenProbe(provider);
    }

    @AfterEach
    void nothingLeaked() {
        try {
            List<ScriptedBrowser.Response> fromApps = new ArrayList<>(tokens.concurrentResponses());
            browsers.forEach(browser -> fromApps.addAll(appResponses(browser)));
            leakCheck.assertNothingLeaked(provider.issuedSecrets(), fromApps);
        } finally {
            leakCheck.close();
            apps.close();
        }
    }

    // ---- logout (OIDC RP-Initiated Logout 1.0) ----

    @Test
    void logoutWhenPostedFromTheAppThenBothSessionsEndAndTheBrowserReturnsToTheApp() {
        ProtectedApp app = apps.startApp("lc-logout", builder -> { });
        ScriptedBrowser browser = apps.signedInBrowser(app);
        String idToken = apps.lastIdToken();

        ScriptedBrowser.Response logout = browser.postForm(app.baseUri() + "/oauth2/logout", Map.of(),
                Map.of("Origin", app.baseUri().toString()));

        assertEquals(302, logout.status(), logout.body());
        assertEquals(Optional.of("no-store"), logout.header("Cache-Control"));
        assertTrue(logout.location().startsWith(provider.issuer() + "/connect/logout?"), logout.location());
        Map<String, String> params = ScriptedBrowser.queryParameters(logout.location());
        assertEquals(idToken, params.get("id_token_hint"), "the session's ID token");
        assertEquals("lc-logout", params.get("client_id"));
        assertEquals(app.baseUri() + "/oauth2/logged-out", params.get("post_logout_redirect_uri"));
        String state = params.get("state");
        assertTrue(state != null && state.length() >= 32, "a fresh state with the logout: " + state);

        ScriptedBrowser.Response atProvider = browser.follow(logout);
        assertEquals(302, atProvider.status(), "the provider accepts the logout request: " + atProvider.body());
        assertEquals(app.baseUri() + "/oauth2/logged-out?state=" + state, atProvider.location());
        ScriptedBrowser.Response returned = browser.follow(atProvider);
        assertEquals(302, returned.status(), returned.body());
        assertEquals(app.baseUri() + "/", returned.location(), "this browser's state: on to logout.redirect");
        ScriptedBrowser.Response back = browser.follow(returned);
        assertEquals(302, back.status(), "the app session is gone");
        assertTrue(back.location().startsWith(provider.issuer() + "/oauth2/authorize?"), back.location());
        ScriptedBrowser.Response authorize = browser.follow(back);
        assertEquals(302, authorize.status());
        assertEquals(provider.issuer() + "/login", authorize.location(), "the provider session is gone too");
    }

    @Test
    void logoutWhenGetThen405AndStillSignedIn() {
        ProtectedApp app = apps.startApp("lc-logout-get", builder -> { });
        ScriptedBrowser browser = apps.signedInBrowser(app);

        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/oauth2/logout");

        assertEquals(405, response.status());
        assertEquals(Optional.of("POST"), response.header("Allow"));
        assertSignedIn(browser, app);
    }

    @Test
    void logoutWhenPostedFromAnotherOriginThen403AndStillSignedIn() {
        ProtectedApp app = apps.startApp("lc-logout-csrf", builder -> { });
        ScriptedBrowser browser = apps.signedInBrowser(app);

        ScriptedBrowser.Response response = browser.postForm(app.baseUri() + "/oauth2/logout", Map.of(),
                Map.of("Origin", "https://evil.example"));

        assertEquals(403, response.status());
        assertEquals(Optional.empty(), response.header("Location"));
        assertSignedIn(browser, app);
    }

    // ---- access tokens and refresh (RFC 6749 §6) ----

    @Test
    void accessTokenWhenExpiredUnderConcurrentRequestsThenOneRefreshServesThemAll() throws Exception {
        ProtectedApp app = apps.startApp("lc-refresh", builder -> { });
        ScriptedBrowser browser = apps.signedInBrowser(app);
        String first = tokenHash(browser, app);
        assertEquals(first, tokenHash(browser, app), "a current token is served as it is");
        assertEquals(List.of(), tokens.refreshRequests(), "no refresh while the token is current");
        assertTrue(hashesOf(provider.issuedSecrets()).contains(first), "the hash is of a token the provider issued");

        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        List<ScriptedBrowser.Response> answers = tokens.concurrentTokenRequests(browser, app, 20);

        Set<String> hashes = new HashSet<>();
        for (ScriptedBrowser.Response answer : answers) {
            assertEquals(200, answer.status(), answer.body());
            hashes.add(sha256Field(answer));
        }
        assertEquals(1, hashes.size(), "every request got the same refreshed token: " + hashes);
        String second = hashes.iterator().next();
        assertNotEquals(first, second);
        List<RecordedTokenRequest> refreshes = tokens.refreshRequests();
        assertEquals(1, refreshes.size(), "one refresh for 20 concurrent requests");
        RecordedTokenRequest refresh = refreshes.get(0);
        assertEquals(Optional.of("Basic"), refresh.authorizationScheme(), "with the login's client authentication");
        assertEquals(Optional.empty(), refresh.parameter("client_secret"));
        assertTrue(provider.issuedSecrets().contains(refresh.parameter("refresh_token").orElse("")),
                "with the refresh token the provider issued");
    }

    @Test
    void accessTokenWhenRefreshTokenRotatedThenTheNextRefreshUsesTheNewOneAndLogoutTheNewIdToken() {
        ProtectedApp app = apps.startApp("lc-rotate", builder -> { });
        ScriptedBrowser browser = apps.signedInBrowser(app);
        String first = tokenHash(browser, app);

        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        String second = tokenHash(browser, app);
        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        String third = tokenHash(browser, app);

        assertEquals(3, Set.of(first, second, third).size(), "a new access token on each refresh");
        List<RecordedTokenRequest> refreshes = tokens.refreshRequests();
        assertEquals(2, refreshes.size());
        assertNotEquals(refreshes.get(0).parameter("refresh_token"), refreshes.get(1).parameter("refresh_token"),
                "the provider rotates refresh tokens; the filter must send the newest");
        assertEquals(third, tokenHash(browser, app), "no refresh while the new token is current");
        assertEquals(2, tokens.refreshRequests().size());

        ScriptedBrowser.Response logout = browser.postForm(app.baseUri() + "/oauth2/logout", Map.of(),
                Map.of("Origin", app.baseUri().toString()));
        assertEquals(apps.lastIdToken(), ScriptedBrowser.queryParameters(logout.location()).get("id_token_hint"),
                "the hint is the refreshed ID token");
        ScriptedBrowser.Response atProvider = browser.follow(logout);
        assertTrue(atProvider.location().startsWith(app.baseUri() + "/oauth2/logged-out?state="), "and the provider accepts it: "
                + atProvider.location());
    }

    @Test
    void accessTokenWhenRefreshRefusedThen401AndTheSignedInStateEnds() {
        ProtectedApp app = apps.startApp("lc-revoked", builder -> { });
        ScriptedBrowser browser = apps.signedInBrowser(app);
        tokenHash(browser, app);
        assertTrue(provider.revokeRefreshTokens() > 0);

        clock.advance(ACCESS_TOKEN_TTL.plusSeconds(1));
        ScriptedBrowser.Response refused = browser.get(app.baseUri() + "/api/token", Map.of("Accept", "application/json"));

        assertEquals(401, refused.status(), refused.body());
        assertEquals(1, tokens.refreshRequests().size(), "the refresh was tried");
        assertTrue(leakCheck.logged().stream().anyMatch(line -> line.contains("WARNING")
                && line.contains("refresh failed") && line.contains("invalid_grant")), leakCheck.logged().toString());
        apps.assertNotSignedIn(browser, app);
        ScriptedBrowser.Response xhr = browser.get(app.baseUri() + "/api/token", Map.of("Accept", "application/json"));
        assertEquals(401, xhr.status());
        assertTrue(xhr.header("WWW-Authenticate").isPresent(), "the filter answers now, not the app");
    }

    // ---- session lifetime, roles, userinfo ----

    @Test
    void requestWhenSessionMaxAgePassedThenRedirectedToLogin() {
        ProtectedApp app = apps.startApp("lc-max-age", builder -> builder.set("session.max-age-seconds", "60"));
        ScriptedBrowser browser = apps.signedInBrowser(app);

        clock.advance(Duration.ofSeconds(59));
        assertSignedIn(browser, app);
        clock.advance(Duration.ofSeconds(2));
        apps.assertNotSignedIn(browser, app);
    }

    @Test
    void isUserInRoleWhenGroupsClaimWithPrefixThenRolesAreStripped() {
        ProtectedApp app = apps.startApp("lc-roles", builder -> builder.set("roles.claim", "groups")
                .set("roles.strip-prefix", "ROLE_"));
        ScriptedBrowser browser = apps.signedInBrowser(app);

        Map<String, Object> admin = json(browser.get(app.baseUri() + "/api/role?name=admin"));
        assertEquals(true, admin.get("inRole"));
        assertEquals(List.of("staff", "admin"), admin.get("roles"));
        assertEquals(false, json(browser.get(app.baseUri() + "/api/role?name=ROLE_admin")).get("inRole"));
        assertEquals(false, json(browser.get(app.baseUri() + "/api/role?name=auditor")).get("inRole"));
    }

    @Test
    void loginWhenUserInfoEnabledThenItsClaimsJoinTheUsersClaims() {
        ProtectedApp withUserInfo = apps.startApp("lc-userinfo", builder -> builder.set("userinfo.enabled", "true"));
        ProtectedApp without = apps.startApp("lc-no-userinfo", builder -> { });

        Map<String, Object> claims = json(apps.signedInBrowser(withUserInfo).get(withUserInfo.baseUri() + "/me"));
        assertEquals("en-GB", claims.get(USERINFO_ONLY_CLAIM), claims.toString());
        assertEquals(USER, claims.get("sub"));
        Map<String, Object> idTokenOnly = json(apps.signedInBrowser(without).get(without.baseUri() + "/me"));
        assertFalse(idTokenOnly.containsKey(USERINFO_ONLY_CLAIM), "off by default: " + idTokenOnly);
    }

    @Test
    void loginWhenUserInfoSubjectDiffersThenRefused() {
        try (EmbeddedProvider liar = EmbeddedProvider.builder().user(USER, PASSWORD)
                .userInfoClaim("sub", "mallory").start()) {
            ProtectedApp app = apps.startApp(liar, "lc-userinfo-liar", builder -> builder.set("userinfo.enabled", "true"));
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

    // ---- helpers ----

    private ScriptedBrowser newBrowser() {
        ScriptedBrowser browser = new ScriptedBrowser();
        browsers.add(browser);
        return browser;
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
}
