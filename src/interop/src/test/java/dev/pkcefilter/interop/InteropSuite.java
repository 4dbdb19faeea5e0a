package dev.pkcefilter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.ClientKeys;
import dev.pkcefilter.testbed.HeadlessChromium;
import dev.pkcefilter.testbed.LeakCheck;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The filter against one real provider, for every client authentication method it supports: a login through
 * the provider's own form in chromium ending signed in as the right user with roles, RP-initiated logout,
 * back-channel logout started at the provider, refresh with rotation under 20 concurrent requests, and a
 * wrong secret and a wrong key. Each test runs its own app (one client per method) and ends with the leak
 * check over the filter's log and the app's pages. Subclasses start the provider.
 */
abstract class InteropSuite {

    static final String USER = "alice";
    static final String PASSWORD = "wonderland-interop";
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    /**
     * The providers give access tokens 60 s; with a refresh margin of 58 s, a token is due 2 s after it was
     * issued. The app's clock moves only that far ahead of the providers', so that the client assertions it
     * signs are not issued in their future.
     */
    private static final int REFRESH_MARGIN_SECONDS = 58;
    private static final Duration UNTIL_REFRESH_IS_DUE = Duration.ofSeconds(2);
    private static final Pattern REFERENCE = Pattern.compile("Reference: <code>([A-Z0-9]{8})</code>");

    static ChromeDriver driver;

    private final List<ScriptedBrowser.Response> pagesShown = new ArrayList<>();
    /** Secrets seen during the test: the codes of callback URLs, a wrong key's private parts. */
    private final Set<String> secretsSeen = new HashSet<>();
    private LeakCheck leakCheck;

    /** @return the provider the subclass started */
    abstract InteropProvider provider();

    static void startBrowser(Path work) throws Exception {
        driver = HeadlessChromium.start(Files.createDirectories(work.resolve("chromium-profile")));
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }

    @BeforeEach
    void blankBrowserAndLeakCheck() {
        driver.get("about:blank");
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        leakCheck = new LeakCheck();
    }

    @AfterEach
    void nothingLeaked() {
        try {
            List<String> secrets = new ArrayList<>(provider().clients().secrets());
            if (provider().mutualTls() != null) {
                secrets.addAll(provider().mutualTls().secrets());
            }
            secrets.add(PASSWORD);
            secrets.addAll(secretsSeen);
            leakCheck.assertNothingLeaked(secrets, pagesShown);
        } finally {
            leakCheck.close();
        }
    }

    ProtectedApp app(Method method, UnaryOperator<FilterSettings.Builder> change) {
        FilterSettings.Builder settings = provider().clients().settings(provider().issuer(), method);
        return ProtectedApp.start(provider().clients().port(method), new PkceFilter(change.apply(settings).build()));
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void loginThenSignedInWithRolesAndRpInitiatedLogoutEndsItAtTheProvider(Method method) {
        if (!provider().methods().contains(method)) {
            return;
        }
        try (ProtectedApp app = app(method, settings -> settings)) {
            signIn(app, "/reports?year=2026");
            Map<String, Object> claims = claims(app);
            assertEquals(USER, claims.get("preferred_username"), claims.toString());
            assertTrue(claims.get("roles") instanceof List<?> roles && roles.containsAll(List.of("staff", "admin")),
                    claims.toString());
            assertRole(app, "admin", true);
            assertRole(app, "auditor", false);

            logOut(app);
            driver.get(app.baseUri() + "/after-logout");
            awaitLoginForm();
        }
    }

    /**
     * The provider's own form_post page (OAuth 2.0 Form Post Response Mode) posts the code to the callback;
     * {@code auto} picks it from the provider's {@code response_modes_supported}. One client is enough: the
     * response mode does not depend on the client's authentication.
     */
    @Test
    void loginWithResponseModeAutoThenTheProviderPostsTheCodeAndTheUserIsSignedIn() {
        try (ProtectedApp app = app(Method.CLIENT_SECRET_BASIC, settings -> settings.responseMode("auto"))) {
            HeadlessChromium.requestsSent(driver);
            signIn(app, "/reports?mode=form_post");
            List<String> callbacks = HeadlessChromium.requestsSent(driver).stream()
                    .filter(request -> request.url().startsWith(app.baseUri() + "/oauth2/callback"))
                    .map(request -> request.method() + " " + request.url()).toList();
            assertFalse(callbacks.isEmpty(), "the callback was not reached");
            assertTrue(callbacks.stream().allMatch(line -> line.equals("POST " + app.baseUri() + "/oauth2/callback")),
                    "form_post: the code in no URL, " + callbacks);
            assertTrue(leakCheck.logged().stream().noneMatch(line -> line.contains("login failed")), leakCheck.logged().toString());
            assertTrue(leakCheck.logged().stream().anyMatch(line -> line.contains("response-mode=auto")), "the setting in effect");
        }
    }

    /**
     * Pushed authorization requests (RFC 9126): the request goes to the provider's own PAR endpoint with the
     * client's authentication, and the browser reaches the authorization endpoint with only client_id and
     * request_uri. One client is enough, as for form_post.
     */
    @Test
    void loginWithParAlwaysThenTheBrowserCarriesOnlyClientIdAndRequestUri() {
        try (ProtectedApp app = app(Method.CLIENT_SECRET_BASIC, settings -> settings.pushedRequests("always"))) {
            HeadlessChromium.requestsSent(driver);
            signIn(app, "/reports?mode=par");
            URI issuer = URI.create(provider().issuer());
            List<String> toProvider = HeadlessChromium.requestsSent(driver).stream().map(HeadlessChromium.SentRequest::url)
                    .filter(url -> url.contains("request_uri=")).toList();
            assertFalse(toProvider.isEmpty(), "no authorization request with a request_uri");
            assertTrue(toProvider.get(0).startsWith(issuer.getScheme() + "://" + issuer.getAuthority() + "/"), toProvider.get(0));
            assertEquals(Set.of("client_id", "request_uri"),
                    ScriptedBrowser.queryParameters(toProvider.get(0)).keySet(), toProvider.get(0));
        }
    }

    /**
     * DPoP (RFC 9449): the token call and the userinfo call carry proofs (oidc-provider first asks for its nonce at
     * both), the access token comes back DPoP-bound (the login fails otherwise), and so does the refreshed one.
     */
    @Test
    void loginWithDpopThenTheTokensAreBoundToTheSessionsKeyAcrossARefresh() {
        MutableClock clock = MutableClock.at(Instant.now());
        try (ProtectedApp app = app(Method.CLIENT_SECRET_BASIC, settings -> settings.dpop(true).userInfoEnabled(true).clock(clock)
                .refreshMargin(Duration.ofSeconds(REFRESH_MARGIN_SECONDS)))) {
            signIn(app, "/reports?mode=dpop");
            int refreshes = provider().refreshGrants(provider().clients().clientId(Method.CLIENT_SECRET_BASIC));
            clock.advance(UNTIL_REFRESH_IS_DUE);
            driver.get(app.baseUri() + "/api/token");
            String answer = driver.findElement(By.tagName("body")).getText();
            assertTrue(answer.contains("sha256"), "a refreshed, DPoP-bound token: " + answer);
            assertEquals(refreshes + 1, provider().refreshGrants(provider().clients().clientId(Method.CLIENT_SECRET_BASIC)));
        }
    }

    /** @return an app whose client authenticates with mutual TLS (RFC 8705), at the provider's https issuer */
    ProtectedApp mutualTlsApp(String method, UnaryOperator<FilterSettings.Builder> change) {
        MutualTlsClients tls = provider().mutualTls();
        MutualTlsClients.Client client = tls.client(method);
        return ProtectedApp.start(client.port(), new PkceFilter(change.apply(tls.settings(provider().mutualTlsIssuer(), client)).build()));
    }

    /**
     * Calls an API from the app as the user ({@code /api/call}: {@code TokenAccess}, and its TLS context when the
     * client has a certificate).
     *
     * @return the API's status and body, as the app reports them
     */
    Map<String, Object> apiCall(ProtectedApp app, URI api) {
        driver.get(app.baseUri() + "/api/call?url=" + java.net.URLEncoder.encode(api.toString(), java.nio.charset.StandardCharsets.UTF_8));
        String answer = driver.findElement(By.tagName("body")).getText();
        try {
            return JSONObjectUtils.parse(answer);
        } catch (java.text.ParseException e) {
            throw new AssertionError("the app's /api/call answered no JSON: " + answer, e);
        }
    }

    /** Asserts that the browser went to the provider's authorization endpoint with a request_uri only (PAR). */
    void assertPushed(List<HeadlessChromium.SentRequest> sent, String issuer) {
        URI origin = URI.create(issuer);
        List<String> withRequestUri = sent.stream().map(HeadlessChromium.SentRequest::url)
                .filter(url -> url.startsWith(origin.getScheme() + "://" + origin.getAuthority() + "/") && url.contains("request_uri="))
                .toList();
        assertFalse(withRequestUri.isEmpty(), "no authorization request with a request_uri: " + sent);
        assertEquals(Set.of("client_id", "request_uri"), ScriptedBrowser.queryParameters(withRequestUri.get(0)).keySet(),
                withRequestUri.get(0));
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void backChannelLogoutFromTheProviderEndsTheAppsSession(Method method) {
        if (!provider().methods().contains(method)) {
            return;
        }
        try (ProtectedApp app = app(method, settings -> settings)) {
            signIn(app, "/");
            provider().endSessionAtProvider(driver, USER);
            new FluentWait<>(leakCheck).withTimeout(PATIENCE).pollingEvery(Duration.ofMillis(100))
                    .withMessage(() -> "no back-channel logout ended the session: " + leakCheck.logged())
                    .until(check -> check.logged().stream().anyMatch(line -> line.contains("back-channel logout ended 1 session")));

            driver.get(app.baseUri() + "/after-backchannel");
            awaitLoginForm();
        }
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void refreshWhenAccessTokenDueThenOneRefreshFor20RequestsAndTheRotatedTokenServesTheNext(Method method)
            throws Exception {
        if (!provider().methods().contains(method)) {
            return;
        }
        MutableClock clock = MutableClock.at(Instant.now());
        try (ProtectedApp app = app(method, settings -> settings.clock(clock)
                .set("tokens.refresh-margin-seconds", Integer.toString(REFRESH_MARGIN_SECONDS)))) {
            signIn(app, "/");
            String cookie = sessionCookie(app);
            int refreshesBefore = provider().refreshGrants(provider().clients().clientId(method));
            String first = TokenRequests.hashOf(app, cookie);

            clock.advance(UNTIL_REFRESH_IS_DUE);
            Set<String> afterFirstRefresh = TokenRequests.concurrentHashes(app, cookie, 20);
            assertEquals(1, afterFirstRefresh.size(), "20 concurrent requests see one new access token");
            assertFalse(afterFirstRefresh.contains(first), "the access token was refreshed");

            // The next refresh must use the rotated refresh token: with reuse detection on, the old one would
            // revoke the grant, and the user would have to sign in again.
            clock.advance(UNTIL_REFRESH_IS_DUE);
            String third = TokenRequests.hashOf(app, cookie);
            assertNotEquals(afterFirstRefresh.iterator().next(), third);
            assertEquals(2, provider().refreshGrants(provider().clients().clientId(method)) - refreshesBefore,
                    "refresh grants at the provider");
            assertEquals(USER, claims(app).get("preferred_username"), "still signed in");
        }
    }

    @ParameterizedTest
    @EnumSource(Method.class)
    void loginWhenSecretOrKeyWrongThenFailurePageOneWarningAndNothingOfTheRefusal(Method method, @TempDir Path keys) {
        if (!provider().methods().contains(method)) {
            return;
        }
        UnaryOperator<FilterSettings.Builder> wrong = switch (method) {
            case PRIVATE_KEY_JWT_PEM -> {
                Path other = keys.resolve("other.pem");
                secretsSeen.addAll(ClientKeys.rsaPkcs8Pem(other).secrets());
                yield settings -> settings.set("client.key", other.toString());
            }
            case PRIVATE_KEY_JWT_JWK -> {
                // The registered key's kid on another key: the provider finds a key, and the signature fails.
                Path other = keys.resolve("other.jwk");
                secretsSeen.add(ClientKeys.ecP256Jwk(other, provider().clients().ecKeyId()).getD().toString());
                yield settings -> settings.set("client.key", other.toString());
            }
            default -> settings -> settings.clientSecret("wrong-" + provider().clients().secret(method));
        };
        try (ProtectedApp app = app(method, wrong)) {
            assertRefusedAtTheTokenCall(app);
        }
    }

    private void assertRefusedAtTheTokenCall(ProtectedApp app) {
        assertRefusedAtTheTokenCall(app, "invalid_client|unauthorized_client", provider().refusalDescriptions());
    }

    /**
     * Signs in at the provider, whose token endpoint then refuses the code, and asserts what the user and the
     * operator get: the failure page with its reason and reference, one warning with both and the provider's
     * error code, and neither repeating the provider's own words.
     *
     * @param errorCodes the provider's error codes the warning may name, as a regular expression
     * @param providerWords the provider's descriptions of the refusal
     */
    void assertRefusedAtTheTokenCall(ProtectedApp app, String errorCodes, List<String> providerWords) {
        driver.get(app.baseUri() + "/");
        awaitLoginForm();
        provider().submitLoginForm(driver, USER, PASSWORD);
        waiting().until(ExpectedConditions.urlContains(app.baseUri() + "/oauth2/callback?"));
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.tagName("code")));
        String page = remember(app);
        assertTrue(page.contains("Reason: <code>TOKEN_EXCHANGE_FAILED</code>"), page);
        Matcher reference = REFERENCE.matcher(page);
        assertTrue(reference.find(), page);
        List<String> warnings = leakCheck.logged().stream().filter(line -> line.contains("login failed")).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("reason=TOKEN_EXCHANGE_FAILED ref=" + reference.group(1)), warnings.get(0));
        assertTrue(warnings.get(0).matches("(?s).*error=(" + errorCodes + ")\\b.*"), warnings.get(0));
        for (String description : providerWords) {
            assertFalse(page.contains(description), "the page shows the provider's words: " + description);
            assertTrue(leakCheck.logged().stream().noneMatch(line -> line.contains(description)),
                    "the log has the provider's words: " + description);
        }
    }

    void signIn(ProtectedApp app, String path) {
        driver.get(app.baseUri() + path);
        awaitLoginForm();
        provider().submitLoginForm(driver, USER, PASSWORD);
        // The app's page, or its failure page at the callback: both have a heading.
        waiting().until(ExpectedConditions.and(ExpectedConditions.urlContains(app.baseUri() + "/"),
                ExpectedConditions.presenceOfElementLocated(By.tagName("h1"))));
        String page = remember(app);
        assertEquals(app.baseUri() + path, driver.getCurrentUrl(), page);
        assertTrue(page.contains("Hello, "), page);
    }

    private void awaitLoginForm() {
        waiting().until(ExpectedConditions.presenceOfElementLocated(provider().loginForm()));
        // The provider's plain issuer, or its https one for mutual TLS (the same with most providers).
        List<String> origins = java.util.stream.Stream.of(provider().issuer(), provider().mutualTlsIssuer()).map(URI::create)
                .map(issuer -> issuer.getScheme() + "://" + issuer.getAuthority() + "/").toList();
        assertTrue(origins.stream().anyMatch(driver.getCurrentUrl()::startsWith), driver.getCurrentUrl());
    }

    /** RP-initiated logout as the app's page would start it: a same-origin POST form. */
    private void logOut(ProtectedApp app) {
        driver.get(app.baseUri() + "/before-logout");
        driver.executeScript("var form = document.createElement('form'); form.method = 'post';"
                + " form.action = '/oauth2/logout'; document.body.appendChild(form); form.submit();");
        waiting().until(driverNow -> !driverNow.getCurrentUrl().startsWith(app.baseUri() + "/before-logout"));
        provider().confirmLogout(driver);
        waiting().until(ExpectedConditions.or(ExpectedConditions.urlToBe(app.baseUri() + "/"),
                ExpectedConditions.presenceOfElementLocated(provider().loginForm())));
    }

    private Map<String, Object> claims(ProtectedApp app) {
        driver.get(app.baseUri() + "/me");
        String json = driver.findElement(By.tagName("body")).getText();
        remember(app);
        try {
            return JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new AssertionError("/me is not JSON: " + json, e);
        }
    }

    private void assertRole(ProtectedApp app, String role, boolean expected) {
        driver.get(app.baseUri() + "/api/role?name=" + role);
        String answer = driver.findElement(By.tagName("body")).getText();
        remember(app);
        assertTrue(answer.contains("\"inRole\":" + expected), role + ": " + answer);
    }

    private String sessionCookie(ProtectedApp app) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cookies = (List<Map<String, Object>>) driver.executeCdpCommand("Network.getCookies",
                Map.of("urls", List.of(app.baseUri() + "/"))).get("cookies");
        return cookies.stream().filter(cookie -> "JSESSIONID".equals(cookie.get("name")))
                .map(cookie -> "JSESSIONID=" + cookie.get("value")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie for " + app.baseUri()));
    }

    /**
     * Keeps the app's page for the leak check, and the code of a callback URL among the secrets.
     *
     * @return the page's source
     */
    private String remember(ProtectedApp app) {
        String url = driver.getCurrentUrl();
        String source = driver.getPageSource();
        if (url.startsWith(app.baseUri() + "/oauth2/callback?")) {
            String code = ScriptedBrowser.queryParameters(url).get("code");
            if (code != null) {
                secretsSeen.add(code);
            }
        }
        pagesShown.add(new ScriptedBrowser.Response(0, Map.of(), source, URI.create(url)));
        return source;
    }

    static WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, PATIENCE);
        wait.withMessage(() -> "the browser is at " + driver.getCurrentUrl() + " showing:\n"
                + driver.findElement(By.tagName("body")).getText());
        return wait;
    }
}
