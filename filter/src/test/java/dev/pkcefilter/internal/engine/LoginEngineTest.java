package dev.pkcefilter.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.LogCapture;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.login.LoginStart;
import dev.pkcefilter.internal.login.PendingLogin;
import dev.pkcefilter.internal.login.PendingLoginStore;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.FailureReason;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's decisions without a container or a network: login start, and every way a callback
 * ends before the token call. The token call itself is covered against a real provider in the ITs.
 */
class LoginEngineTest {

    private static final String ISSUER = "https://idp.example.com";

    private final MutableClock clock = new MutableClock();
    private LogCapture log;
    private boolean providerAnnouncesIss;
    private boolean providerUp = true;
    private final AtomicInteger discoveries = new AtomicInteger();
    private LoginEngine engine;

    @BeforeEach
    void capture() {
        log = new LogCapture();
        start();
    }

    private void start() {
        start(builder -> builder);
    }

    private void start(java.util.function.UnaryOperator<FilterSettings.Builder> more) {
        discoveries.set(0);
        Settings settings = TestSettings.of(more.apply(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com, other.example.com").clientId("app").clientSecret("secret")
                .clock(clock)));
        ProviderAvailability availability = new ProviderAvailability(() -> {
            discoveries.incrementAndGet();
            if (!providerUp) {
                throw new IOException("Connection refused");
            }
            // The token endpoint is never reached in these tests: every case ends before it.
            return new Provider(URI.create(ISSUER), URI.create(ISSUER + "/authorize"), URI.create("http://127.0.0.1:9/token"),
                    providerAnnouncesIss, new IdTokenVerifier(new Issuer(ISSUER), new ClientID("app"),
                            Set.of(JWSAlgorithm.RS256), new ImmutableJWKSet<>(new JWKSet()), 60, clock));
        }, clock, ISSUER);
        availability.discoverAtStartup();
        engine = new LoginEngine(settings, java.util.List.of(availability));
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private FakeExchange navigate(String uri, FakeExchange.FakeSession session) throws IOException {
        FakeExchange exchange = FakeExchange.get(uri).withSession(session).header("Accept", "text/html,application/xhtml+xml");
        engine.handle(exchange);
        return exchange;
    }

    private static Map<String, List<String>> queryOf(String location) {
        return URLUtils.parseParameters(URI.create(location).getRawQuery());
    }

    private static String one(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        assertNotNull(values, name + " missing");
        assertEquals(1, values.size(), name);
        return values.get(0);
    }

    private FakeExchange callback(String query, FakeExchange.FakeSession session) throws IOException {
        FakeExchange exchange = FakeExchange.get("/oauth2/callback?" + query).withSession(session);
        engine.handle(exchange);
        return exchange;
    }

    private static String reference(String page) {
        Matcher matcher = Pattern.compile("Reference: <code>([A-Z0-9]{8})</code>").matcher(page);
        assertTrue(matcher.find(), page);
        return matcher.group(1);
    }

    private void assertFailure(FakeExchange exchange, int status, FailureReason reason) {
        assertEquals(status, exchange.status, exchange.body);
        assertEquals("no-store", exchange.responseHeaders.get("Cache-Control"));
        assertEquals("no-referrer", exchange.responseHeaders.get("Referrer-Policy"));
        assertTrue(exchange.body.contains("Reason: <code>" + reason + "</code>"), exchange.body);
        List<String> warnings = log.warnings();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("reason=" + reason + " ref=" + reference(exchange.body)), warnings.get(0));
        assertNull(exchange.session == null ? null : exchange.session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".user"));
    }

    private String startLogin(FakeExchange.FakeSession session) throws IOException {
        return one(queryOf(navigate("/reports?year=2026", session).responseHeaders.get("Location")), "state");
    }

    @Test
    void handleWhenNavigationThenRedirectsWithPkceS256StateAndNonce() throws Exception {
        FakeExchange exchange = navigate("/reports/q3?year=2026", null);
        assertEquals(302, exchange.status);
        assertEquals("no-store", exchange.responseHeaders.get("Cache-Control"));
        assertEquals(Boolean.TRUE, exchange.hardenedSecure, "https origin: the session cookie must be Secure");
        assertEquals("/", exchange.hardenedPath, "the app's root as the browser sees it");
        String location = exchange.responseHeaders.get("Location");
        assertTrue(location.startsWith(ISSUER + "/authorize?"), location);
        Map<String, List<String>> params = queryOf(location);
        assertEquals("code", one(params, "response_type"));
        assertEquals("app", one(params, "client_id"));
        assertEquals("https://app.example.com/oauth2/callback", one(params, "redirect_uri"));
        assertEquals(List.of("openid", "profile", "email"), List.of(one(params, "scope").split(" ")));
        assertEquals("S256", one(params, "code_challenge_method"));
        assertTrue(one(params, "state").length() >= 32);
        assertTrue(one(params, "nonce").length() >= 32);

        PendingLoginStore store = (PendingLoginStore) exchange.session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".pending");
        PendingLogin login = store.take(one(params, "state"), clock.millis()).login;
        assertEquals(one(params, "nonce"), login.nonce());
        assertEquals("/reports/q3?year=2026", login.returnTo());
        assertEquals("https://app.example.com/oauth2/callback", login.redirectUri());
        assertEquals(one(params, "code_challenge"),
                CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(login.codeVerifier())).getValue());
        assertFalse(location.contains(login.codeVerifier()), "the verifier stays on the server");

        // The same request as Nimbus reads it: every parameter once, PKCE S256, the same values.
        com.nimbusds.openid.connect.sdk.AuthenticationRequest parsed =
                com.nimbusds.openid.connect.sdk.AuthenticationRequest.parse(URI.create(location));
        assertEquals(CodeChallengeMethod.S256, parsed.getCodeChallengeMethod());
        assertEquals(one(params, "code_challenge"), parsed.getCodeChallenge().getValue());
        assertEquals(one(params, "state"), parsed.getState().getValue());
        assertEquals(login.nonce(), parsed.getNonce().getValue());
        assertEquals("app", parsed.getClientID().getValue());
        assertEquals(URI.create("https://app.example.com/oauth2/callback"), parsed.getRedirectionURI());
        assertEquals(List.of("openid", "profile", "email"), parsed.getScope().toStringList());
        assertEquals(params.keySet().size(), parsed.toParameters().size());
    }

    @Test
    void handleWhenManyLoginsThenEachHasAFreshVerifierWhoseS256ChallengeIsInTheUrl() throws Exception {
        // RFC 7636: a verifier of 43 to 128 unreserved characters, fresh per login, and the challenge
        // BASE64URL(SHA-256(verifier)), computed here without Nimbus.
        java.util.Set<String> verifiers = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            FakeExchange exchange = navigate("/", null);
            Map<String, List<String>> params = queryOf(exchange.responseHeaders.get("Location"));
            PendingLoginStore store = (PendingLoginStore) exchange.session.attribute(
                    "dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".pending");
            String verifier = store.take(one(params, "state"), clock.millis()).login.codeVerifier();
            assertTrue(verifier.matches("[A-Za-z0-9._~-]{43,128}"), verifier);
            assertEquals("S256", one(params, "code_challenge_method"));
            assertEquals(s256(verifier), one(params, "code_challenge"));
            verifiers.add(verifier);
        }
        assertEquals(200, verifiers.size(), "a verifier is never reused");
        assertEquals("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                "the RFC 7636 Appendix B example, so this test's own S256 is right");
    }

    private static String s256(String verifier) throws java.security.NoSuchAlgorithmException {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    @Test
    void nimbusVersionsWhenRunFromTheirJarsThenBothVersionsNamed() {
        // Surefire loads Nimbus from its jars, whose manifests carry the versions, as a web app's class loader does.
        String versions = LoginEngine.nimbusVersions();
        assertTrue(versions.matches("Nimbus oauth2-oidc-sdk \\d+\\.\\d+[^,]*, nimbus-jose-jwt \\d+\\.\\d+\\S*"), versions);
    }

    @Test
    void handleWhenLoginStartCreatesTheSessionThenItLivesNoLongerThanThePendingLogin() throws IOException {
        FakeExchange exchange = navigate("/", null);
        assertEquals(600, exchange.session.maxInactive, "the pending login's ttl, not the container's 30 minutes");
        assertEquals(1800, exchange.session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".timeout"));

        FakeExchange.FakeSession existing = new FakeExchange.FakeSession();
        existing.isNew = false;
        navigate("/", existing);
        assertEquals(1800, existing.maxInactive, "a session the app already had keeps its timeout");
    }

    @Test
    void handleWhenTwoNavigationsThenTwoIndependentPendingLogins() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String first = startLogin(session);
        String second = startLogin(session);
        assertFalse(first.equals(second));
        assertEquals(2, ((PendingLoginStore) session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".pending")).size());
    }

    @Test
    void handleWhenXhrOrJsonOrPostThenUnauthorizedWithoutPendingLogin() throws IOException {
        FakeExchange xhr = FakeExchange.get("/api/data").header("X-Requested-With", "XMLHttpRequest");
        FakeExchange json = FakeExchange.get("/api/data").header("Accept", "application/json");
        FakeExchange post = FakeExchange.get("/form");
        post.method = "POST";
        for (FakeExchange exchange : List.of(xhr, json, post)) {
            engine.handle(exchange);
            assertEquals(401, exchange.status);
            assertTrue(exchange.responseHeaders.get("WWW-Authenticate").startsWith("Session realm="));
            assertNull(exchange.session, "no session, no pending login");
        }
    }

    @Test
    void handleWhenFetchMetadataSaysSubresourceOrFetchThenUnauthorizedWithoutPendingLogin() throws IOException {
        // What Chromium sends for a failure page's favicon, a script, and a fetch() call: each accepts */*.
        FakeExchange favicon = FakeExchange.get("/favicon.ico").header("Accept", "image/avif,image/webp,image/*,*/*;q=0.8")
                .header("Sec-Fetch-Mode", "no-cors").header("Sec-Fetch-Dest", "image");
        FakeExchange script = FakeExchange.get("/app.js").header("Accept", "*/*")
                .header("Sec-Fetch-Mode", "no-cors").header("Sec-Fetch-Dest", "script");
        FakeExchange fetch = FakeExchange.get("/api/data").header("Accept", "*/*")
                .header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Dest", "empty");
        FakeExchange frame = FakeExchange.get("/embedded").header("Accept", "text/html")
                .header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "iframe");
        for (FakeExchange exchange : List.of(favicon, script, fetch, frame)) {
            engine.handle(exchange);
            assertEquals(401, exchange.status, exchange.requestUri);
            assertNull(exchange.session, "no session, no pending login: " + exchange.requestUri);
        }
    }

    @Test
    void handleWhenNoFetchMetadataAndAcceptNamesOtherTypesThenUnauthorized() throws IOException {
        // An older browser's favicon and stylesheet requests.
        FakeExchange favicon = FakeExchange.get("/favicon.ico").header("Accept", "image/png, image/svg+xml, image/*;q=0.8, */*;q=0.5");
        FakeExchange style = FakeExchange.get("/site.css").header("Accept", "text/css,*/*;q=0.1");
        for (FakeExchange exchange : List.of(favicon, style)) {
            engine.handle(exchange);
            assertEquals(401, exchange.status, exchange.requestUri);
            assertNull(exchange.session, exchange.requestUri);
        }
        FakeExchange page = FakeExchange.get("/reports").header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        FakeExchange none = FakeExchange.get("/reports");
        for (FakeExchange exchange : List.of(page, none)) {
            engine.handle(exchange);
            assertEquals(302, exchange.status, exchange.requestUri);
        }
    }

    @Test
    void handleWhenFetchMetadataSaysTopLevelNavigationThenRedirects() throws IOException {
        FakeExchange page = FakeExchange.get("/reports").header("Accept", "text/html")
                .header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document");
        engine.handle(page);
        assertEquals(302, page.status);
    }

    @Test
    void handleWhenAcceptIsAnythingOrHeadThenRedirects() throws IOException {
        FakeExchange any = FakeExchange.get("/").header("Accept", "*/*");
        FakeExchange head = FakeExchange.get("/");
        head.method = "HEAD";
        engine.handle(any);
        engine.handle(head);
        assertEquals(302, any.status);
        assertEquals(302, head.status);
    }

    @Test
    void callbackWhenNoSessionCookieThenNoSessionReason() throws IOException {
        assertFailure(callback("code=c&state=s", null), 400, FailureReason.STATE_NO_SESSION);
    }

    @Test
    void callbackWhenCookieNamesADeadSessionThenSessionLostReason() throws IOException {
        FakeExchange exchange = FakeExchange.get("/oauth2/callback?code=c&state=s");
        exchange.sessionIdRequested = true;
        engine.handle(exchange);
        assertFailure(exchange, 400, FailureReason.STATE_SESSION_LOST);
    }

    @Test
    void callbackWhenStateUnknownThenRejected() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        startLogin(session);
        assertFailure(callback("code=c&state=tampered", session), 400, FailureReason.STATE_UNKNOWN);
    }

    @Test
    void callbackWhenItCarriesATokenInsteadOfACodeThenMalformedNotAnException() throws IOException {
        // Found by the fuzzer (src/fuzz, CallbackFuzzTest): Nimbus reads this as a success without a code.
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        assertFailure(callback("state=" + state + "&access_token=t&token_type=Bearer&iss=" + ISSUER, session), 400,
                FailureReason.CALLBACK_MALFORMED);
    }

    @Test
    void callbackWhenTheCodeIsBlankThenMalformedNotAnException() throws IOException {
        // Found by the fuzzer's long run (CallbackFuzzTest): a code the token request refuses to hold.
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        // Nimbus takes an em space and a control character as a code, and keeps it trimmed (by String.trim, which
        // leaves the em space); its AuthorizationCode for the token request then refuses what is left as blank.
        assertFailure(callback("code=%E2%80%83%01&state=" + startLogin(session) + "&iss=" + ISSUER, session), 400,
                FailureReason.CALLBACK_MALFORMED);
        assertTrue(log.warnings().get(0).contains("detail=the callback has no code parameter"), log.warnings().toString());
    }

    @Test
    void callbackWhenStateMissingThenMalformed() throws IOException {
        assertFailure(callback("code=c", new FakeExchange.FakeSession()), 400, FailureReason.CALLBACK_MALFORMED);
    }

    @Test
    void callbackWhenExpiredThenRejected() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        clock.advance(Duration.ofMinutes(10));
        assertFailure(callback("code=c&state=" + state, session), 400, FailureReason.STATE_EXPIRED);
    }

    @Test
    void callbackWhenAccessDeniedThenForbiddenAndStateIsSpent() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        assertFailure(callback("error=access_denied&state=" + state, session), 403, FailureReason.ACCESS_DENIED);
        log.records.clear();
        assertFailure(callback("error=access_denied&state=" + state, session), 400, FailureReason.STATE_UNKNOWN);
    }

    @Test
    void callbackWhenProviderErrorThenBadGatewayNamingOnlyTheCode() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        FakeExchange exchange = callback("error=server_error&error_description=" + URLEncoder.encode("<b>secret detail</b>",
                StandardCharsets.UTF_8) + "&state=" + state, session);
        assertFailure(exchange, 502, FailureReason.PROVIDER_ERROR);
        assertTrue(log.warnings().get(0).contains("error=server_error"));
        assertFalse(log.warnings().get(0).contains("secret detail"));
        assertFalse(exchange.body.contains("secret detail"));
    }

    @Test
    void callbackWhenIssDiffersThenMixUpRejected() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        assertFailure(callback("code=c&iss=" + URLEncoder.encode("https://evil.example.com", StandardCharsets.UTF_8)
                + "&state=" + state, session), 400, FailureReason.ISSUER_MISMATCH);
    }

    @Test
    void callbackWhenProviderAnnouncesIssAndItIsMissingThenRejected() throws IOException {
        providerAnnouncesIss = true;
        start();
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        assertFailure(callback("code=c&state=" + state, session), 400, FailureReason.ISSUER_MISMATCH);
    }

    @Test
    void callbackWhenIssMatchesAndTokenEndpointDownThenProviderUnavailable() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        FakeExchange exchange = callback("code=the-code&iss=" + URLEncoder.encode(ISSUER, StandardCharsets.UTF_8)
                + "&state=" + state, session);
        assertFailure(exchange, 503, FailureReason.PROVIDER_UNAVAILABLE);
        assertFalse(log.warnings().get(0).contains("the-code"));
    }

    @Test
    void handleWhenProviderDownAtStartThen503UntilBackOffAllowsARetry() throws IOException {
        providerUp = false;
        start();
        assertEquals(1, discoveries.get());
        FakeExchange first = navigate("/", null);
        assertEquals(503, first.status);
        assertEquals("1", first.responseHeaders.get("Retry-After"));
        assertEquals(1, discoveries.get(), "back-off: no new attempt yet");

        providerUp = true;
        clock.advance(Duration.ofSeconds(1));
        FakeExchange second = navigate("/", null);
        assertEquals(302, second.status);
        assertEquals(2, discoveries.get());
    }

    @Test
    void callbackWhenArrivingOnAnotherOriginThenWrongOriginWithoutATokenCall() throws IOException {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = startLogin(session);
        FakeExchange exchange = FakeExchange.get("/oauth2/callback?code=c&state=" + state).withSession(session);
        exchange.host = "other.example.com";
        engine.handle(exchange);
        assertFailure(exchange, 400, FailureReason.WRONG_ORIGIN);
        assertTrue(log.warnings().get(0).contains("https://app.example.com/oauth2/callback but the callback arrived at"
                + " https://other.example.com/oauth2/callback"), log.warnings().get(0));
    }

    @Test
    void handleWhenContextPathThenRedirectUriAndReturnToIncludeIt() throws IOException {
        FakeExchange exchange = FakeExchange.get("/shop/cart?x=1").header("Accept", "text/html");
        exchange.contextPath = "/shop";
        engine.handle(exchange);
        Map<String, List<String>> params = queryOf(exchange.responseHeaders.get("Location"));
        assertEquals("https://app.example.com/shop/oauth2/callback", one(params, "redirect_uri"));
        PendingLoginStore store = (PendingLoginStore) exchange.session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".pending");
        assertEquals("/shop/cart?x=1", store.take(one(params, "state"), clock.millis()).login.returnTo());
        assertEquals("/shop", exchange.hardenedPath);
    }

    @Test
    void endpointWithQueryWhenEndpointHasAQueryThenKeptAndJoined() {
        assertEquals("https://idp.example.com/authorize?p=b2c_1_signin&response_type=code",
                LoginStart.endpointWithQuery(URI.create("https://idp.example.com/authorize?p=b2c_1_signin"), "response_type=code"));
        assertEquals("https://idp.example.com/authorize?response_type=code",
                LoginStart.endpointWithQuery(URI.create("https://idp.example.com/authorize"), "response_type=code"));
    }

    @Test
    void isEnginePathWhenCallbackUnderContextThenTrueOtherwiseFalse() {
        assertTrue(engine.isEnginePath("/oauth2/callback", ""));
        assertTrue(engine.isEnginePath("/app/oauth2/callback", "/app"));
        assertFalse(engine.isEnginePath("/oauth2/callback/x", ""));
        assertFalse(engine.isEnginePath("/oauth2/callbac", ""));
        assertFalse(engine.isEnginePath("/other/oauth2/callback", "/app"));
    }

    private void startWithStepUp() {
        start(builder -> builder.stepUpPaths("/admin/*").stepUpAcrValues("urn:example:mfa", "urn:example:hardware-key")
                .stepUpMaxAge(Duration.ofMinutes(5)));
    }

    /** A session signed in by a login whose ID token had these claims. */
    private FakeExchange.FakeSession signedIn(Map<String, Object> claims) {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        session.attributes.put(engine.sessionUserKey(), new SignedInUser("alice", ISSUER, claims, Set.of(), 0));
        return session;
    }

    @Test
    void handleWhenSignedInWithoutTheAcrThenAStepUpPathStartsALoginAskingForItAndOtherPathsAdmit() throws Exception {
        startWithStepUp();
        FakeExchange.FakeSession session = signedIn(Map.of("sub", "alice", "auth_time", clock.instant().getEpochSecond()));
        SignedInUser user = (SignedInUser) session.attributes.get(engine.sessionUserKey());
        assertTrue(engine.admits(user, "/reports", "/reports", ""), "no step-up on other paths");
        assertFalse(engine.admits(user, "/admin", "/admin", ""), "the prefix covers its own root");
        assertFalse(engine.admits(user, "/admin/users", "/admin/users", ""));

        FakeExchange exchange = navigate("/admin/users", session);
        assertEquals(302, exchange.status);
        Map<String, List<String>> params = queryOf(exchange.responseHeaders.get("Location"));
        assertEquals("urn:example:mfa urn:example:hardware-key", one(params, "acr_values"));
        assertEquals("300", one(params, "max_age"));
        PendingLoginStore store = (PendingLoginStore) session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".pending");
        assertTrue(store.take(one(params, "state"), clock.millis()).login.stepUp(), "the callback will check the ID token");
        assertEquals(user, session.attributes.get(engine.sessionUserKey()), "still signed in for the other paths meanwhile");
    }

    @Test
    void handleWhenAStepUpPathIsReachedThroughAnAmbiguousPathThen400ForEveryoneAndNoLogin() throws Exception {
        startWithStepUp();
        SignedInUser strong = new SignedInUser("alice", ISSUER, Map.of("sub", "alice", "acr", "urn:example:hardware-key",
                "auth_time", clock.instant().getEpochSecond()), Set.of(), 0);
        assertTrue(engine.admits(strong, "/admin/users", "/admin/users", ""));
        assertFalse(engine.admits(strong, "/admin/users", "//admin/users", ""), "even a user who meets the step-up");
        assertFalse(engine.admits(strong, "/reports/../admin/users", "/reports/../admin/users", ""));
        assertTrue(engine.admits(strong, "//reports", "//reports", ""), "an ambiguous path elsewhere is the app's business");

        FakeExchange.FakeSession session = signedIn(Map.of("sub", "alice"));
        FakeExchange exchange = FakeExchange.get("/ADMIN%2fusers").withSession(session).header("Accept", "text/html");
        engine.handle(exchange);
        assertEquals(400, exchange.status);
        assertNull(session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".pending"), "no login started");
    }

    @Test
    void admitsWhenTheLoginHadTheAcrAndIsRecentThenTheStepUpPathIsOpenUntilMaxAgePasses() {
        startWithStepUp();
        SignedInUser strong = new SignedInUser("alice", ISSUER, Map.of("sub", "alice", "acr", "urn:example:hardware-key",
                "auth_time", clock.instant().getEpochSecond()), Set.of(), 0);
        assertTrue(engine.admits(strong, "/admin/users", "/admin/users", ""));
        clock.advance(Duration.ofMinutes(5).plusSeconds(61));
        assertFalse(engine.admits(strong, "/admin/users", "/admin/users", ""), "max_age and the clock skew have passed");
        assertTrue(engine.admits(strong, "/reports", "/reports", ""));
    }

    @Test
    void handleWhenAnApiCallLacksTheStepUpThenRfc9470ChallengeAndNoLogin() throws Exception {
        startWithStepUp();
        FakeExchange.FakeSession session = signedIn(Map.of("sub", "alice"));
        FakeExchange exchange = FakeExchange.get("/admin/users.json").withSession(session).header("Accept", "application/json");
        engine.handle(exchange);
        assertEquals(401, exchange.status);
        assertEquals("Session realm=\"pkce-filter\", error=\"insufficient_user_authentication\","
                + " acr_values=\"urn:example:mfa urn:example:hardware-key\", max_age=300", exchange.responseHeaders.get("WWW-Authenticate"));
        assertNull(session.attribute("dev.pkcefilter." + SessionKeys.registration("app", ISSUER) + ".pending"));
    }

    @Test
    void handleWhenNotSignedInThenAStepUpPathAsksForTheStepUpAtOnceAndOtherPathsDoNot() throws Exception {
        startWithStepUp();
        Map<String, List<String>> admin = queryOf(navigate("/admin", null).responseHeaders.get("Location"));
        assertEquals("urn:example:mfa urn:example:hardware-key", one(admin, "acr_values"));
        Map<String, List<String>> reports = queryOf(navigate("/administration", null).responseHeaders.get("Location"));
        assertNull(reports.get("acr_values"), "/administration is not under /admin/");
        assertNull(reports.get("max_age"));
    }
}
