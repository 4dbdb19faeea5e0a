package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The PKCE-bound login, end to end: the filter in a real Jetty 12 against a real Spring
 * Authorization Server that requires PKCE, driven over HTTP. Every test ends with the leak check.
 */
class LoginFlowIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";

    private static EmbeddedProvider provider;
    private static ProtectedApp basicApp;
    private static ProtectedApp postApp;
    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(() -> provider.issuedSecrets(), ScriptedBrowser::new);

    @BeforeAll
    static void startProviderAndApps() {
        provider = EmbeddedProvider.builder().user(USER, PASSWORD).start();
        basicApp = startApp("it-basic", "client_secret_basic");
        postApp = startApp("it-post", "client_secret_post");
    }

    static ProtectedApp startApp(String clientId, String method) {
        FilterSettings settings = FilterSettings.builder().issuer(provider.issuer()).clientId(clientId)
                .clientSecret(clientId + "-secret-value").clientAuthMethod(method).build();
        ProtectedApp app = ProtectedApp.start(0, new PkceFilter(settings));
        provider.registerClient(clientId, clientId + "-secret-value", method, app.baseUri() + "/oauth2/callback");
        return app;
    }

    @AfterAll
    static void stop() {
        basicApp.close();
        postApp.close();
        provider.close();
    }

    private static String param(String url, String name) {
        String value = ScriptedBrowser.queryParameters(url).get(name);
        if (value == null) {
            throw new AssertionError(name + " is not a parameter of the URL");
        }
        return value;
    }

    private static String replaceParam(String url, String name, String value) {
        return url.replaceFirst("([?&]" + name + "=)[^&]*", "$1" + value);
    }

    private static void assertFailurePage(ScriptedBrowser.Response response, int status, String reason) {
        assertEquals(status, response.status(), response.body());
        assertTrue(response.body().contains("Reason: <code>" + reason + "</code>"), response.body());
        assertEquals(Optional.of("no-store"), response.header("Cache-Control"));
    }

    private static void assertNotSignedIn(ScriptedBrowser browser, ProtectedApp app) {
        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/");
        assertEquals(302, response.status(), "a signed-in session would answer 200");
        assertTrue(response.location().startsWith(provider.issuer()), response.location());
    }

    private int tokenCalls() {
        return provider.tokenRequests().size();
    }

    @Test
    void loginWhenClientSecretBasicThenSignedInWithVerifierAndClientAuthenticationOnOneCall() {
        ScriptedBrowser browser = leaks.newBrowser();
        ScriptedBrowser.Response start = browser.get(basicApp.baseUri() + "/reports/q3?year=2026");
        assertEquals(302, start.status());
        assertEquals(Optional.of("no-store"), start.header("Cache-Control"));
        String sessionCookie = start.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(e -> e.getValue().stream()).filter(c -> c.startsWith("JSESSIONID=")).findFirst().orElseThrow();
        assertTrue(sessionCookie.contains("SameSite=Lax"), sessionCookie);
        assertFalse(sessionCookie.contains("Secure"), "plain http: no Secure, or the browser would drop it: " + sessionCookie);
        String authorize = start.location();
        assertEquals("S256", param(authorize, "code_challenge_method"));
        String redirectUri = param(authorize, "redirect_uri");
        assertEquals(basicApp.baseUri() + "/oauth2/callback", redirectUri);

        String callback = browser.signInAtProvider(start, USER, PASSWORD);
        String sessionBefore = browser.cookie("127.0.0.1", "JSESSIONID").orElseThrow();
        int callsBefore = tokenCalls();
        ScriptedBrowser.Response finish = browser.get(callback);

        assertEquals(302, finish.status(), finish.body());
        assertEquals("/reports/q3?year=2026", finish.location().replace(basicApp.baseUri().toString(), ""));
        assertEquals(Optional.of("no-store"), finish.header("Cache-Control"));
        assertEquals(Optional.of("no-referrer"), finish.header("Referrer-Policy"));
        assertNotEquals(sessionBefore, browser.cookie("127.0.0.1", "JSESSIONID").orElseThrow(), "session id rotated at login");

        assertEquals(callsBefore + 1, tokenCalls(), "exactly one token call");
        RecordedTokenRequest call = provider.tokenRequests().get(tokenCalls() - 1);
        assertEquals(Optional.of("authorization_code"), call.parameter("grant_type"));
        assertEquals(Optional.of(redirectUri), call.parameter("redirect_uri"));
        assertEquals(Optional.of("it-basic"), call.parameter("client_id"));
        assertTrue(call.parameter("code_verifier").orElse("").length() >= 43, "the verifier is on the token call");
        assertEquals(Optional.of("Basic"), call.authorizationScheme(), "and so is client authentication");
        assertEquals(Optional.empty(), call.parameter("client_secret"));

        ScriptedBrowser.Response page = browser.follow(finish);
        assertEquals(200, page.status());
        assertTrue(page.body().contains(USER), page.body());
        assertTrue(page.body().contains("/reports/q3?year=2026"), "the deep link is restored: " + page.body());

        ScriptedBrowser.Response me = browser.get(basicApp.baseUri() + "/me");
        assertEquals(200, me.status());
        assertTrue(me.body().contains("\"sub\":\"" + USER + "\""), me.body());
        assertTrue(me.body().contains("\"iss\":\"" + provider.issuer() + "\""), me.body());
    }

    @Test
    void loginWhenClientSecretPostThenVerifierAndSecretInTheBody() {
        ScriptedBrowser browser = leaks.newBrowser();
        String callback = browser.signInAtProvider(browser.get(postApp.baseUri() + "/"), USER, PASSWORD);
        ScriptedBrowser.Response finish = browser.get(callback);
        assertEquals(302, finish.status(), finish.body());
        assertEquals(200, browser.follow(finish).status());

        RecordedTokenRequest call = provider.tokenRequests().get(tokenCalls() - 1);
        assertEquals(Optional.of("it-post"), call.parameter("client_id"));
        assertEquals(Optional.of("it-post-secret-value"), call.parameter("client_secret"));
        assertTrue(call.parameter("code_verifier").isPresent());
        assertEquals(Optional.empty(), call.authorizationScheme());
    }

    @Test
    void loginWhenTwoTabsFinishInReverseOrderThenBothSucceed() {
        ScriptedBrowser browser = leaks.newBrowser();
        ScriptedBrowser.Response tabA = browser.get(basicApp.baseUri() + "/tab-a");
        ScriptedBrowser.Response tabB = browser.get(basicApp.baseUri() + "/tab-b");
        assertNotEquals(param(tabA.location(), "state"), param(tabB.location(), "state"));

        String callbackA = browser.signInAtProvider(tabA, USER, PASSWORD);
        // Signed in at the provider now: tab B's authorization request comes straight back with a code.
        ScriptedBrowser.Response atProvider = browser.follow(tabB);
        assertEquals(302, atProvider.status());
        String callbackB = atProvider.location();
        assertTrue(callbackB.startsWith(basicApp.baseUri() + "/oauth2/callback?"), callbackB);

        ScriptedBrowser.Response finishB = browser.get(callbackB);
        assertEquals(302, finishB.status(), finishB.body());
        assertTrue(finishB.location().endsWith("/tab-b"), finishB.location());
        ScriptedBrowser.Response finishA = browser.get(callbackA);
        assertEquals(302, finishA.status(), finishA.body());
        assertTrue(finishA.location().endsWith("/tab-a"), finishA.location());
        assertEquals(200, browser.get(basicApp.baseUri() + "/").status());
    }

    @Test
    void callbackWhenReplayedThenRejectedWithoutATokenCall() {
        ScriptedBrowser browser = leaks.newBrowser();
        String callback = browser.signInAtProvider(browser.get(basicApp.baseUri() + "/"), USER, PASSWORD);
        assertEquals(302, browser.get(callback).status());
        int calls = tokenCalls();
        assertFailurePage(browser.get(callback), 400, "STATE_UNKNOWN");
        assertEquals(calls, tokenCalls(), "no token call for a replay");
    }

    @Test
    void callbackWhenStateTamperedThenRejectedWithoutATokenCall() {
        ScriptedBrowser browser = leaks.newBrowser();
        String callback = browser.signInAtProvider(browser.get(basicApp.baseUri() + "/"), USER, PASSWORD);
        int calls = tokenCalls();
        assertFailurePage(browser.get(replaceParam(callback, "state", "tampered-state-value")), 400, "STATE_UNKNOWN");
        assertEquals(calls, tokenCalls());
        assertNotSignedIn(browser, basicApp);
    }

    @Test
    void callbackWhenCodeFromAnotherBrowsersLoginIsInjectedThenProviderRejectsTheVerifier() {
        ScriptedBrowser victim = leaks.newBrowser();
        ScriptedBrowser attacker = leaks.newBrowser();
        String victimState = param(victim.get(basicApp.baseUri() + "/").location(), "state");
        // The attacker's own login yields a code bound to the attacker's PKCE challenge.
        String attackerCallback = attacker.signInAtProvider(attacker.get(basicApp.baseUri() + "/"), USER, PASSWORD);
        String injected = replaceParam(attackerCallback, "state", victimState);

        int calls = tokenCalls();
        ScriptedBrowser.Response response = victim.get(injected);
        assertFailurePage(response, 502, "TOKEN_EXCHANGE_FAILED");
        assertEquals(calls + 1, tokenCalls(), "the exchange was tried with the victim's verifier, and refused");
        assertTrue(leaks.logged().stream().anyMatch(l -> l.contains("reason=TOKEN_EXCHANGE_FAILED") && l.contains("error=invalid_grant")),
                leaks.logged().toString());
        assertNotSignedIn(victim, basicApp);
    }

    @Test
    void callbackWhenProviderAnswersAccessDeniedThenForbiddenPage() {
        ScriptedBrowser browser = leaks.newBrowser();
        String state = param(browser.get(basicApp.baseUri() + "/").location(), "state");
        int calls = tokenCalls();
        ScriptedBrowser.Response response = browser.get(basicApp.baseUri() + "/oauth2/callback?error=access_denied&state=" + state);
        assertFailurePage(response, 403, "ACCESS_DENIED");
        assertEquals(calls, tokenCalls());
        assertNotSignedIn(browser, basicApp);
    }

    @Test
    void callbackWhenNoSessionCookieThenTheReasonSaysSo() {
        ScriptedBrowser browser = leaks.newBrowser();
        String callback = browser.signInAtProvider(browser.get(basicApp.baseUri() + "/"), USER, PASSWORD);
        browser.deleteCookie("JSESSIONID");
        ScriptedBrowser.Response response = browser.get(callback);
        assertFailurePage(response, 400, "STATE_NO_SESSION");
        assertTrue(leaks.logged().stream().anyMatch(l -> l.contains("reason=STATE_NO_SESSION")));
    }

    @Test
    void requestWhenXhrThenUnauthorizedWithoutRedirect() {
        ScriptedBrowser browser = leaks.newBrowser();
        ScriptedBrowser.Response response = browser.get(basicApp.baseUri() + "/me", Map.of("X-Requested-With", "XMLHttpRequest"));
        assertEquals(401, response.status());
        assertTrue(response.header("WWW-Authenticate").isPresent());
        assertEquals(Optional.empty(), response.header("Location"));
        ScriptedBrowser.Response json = browser.get(basicApp.baseUri() + "/me", Map.of("Accept", "application/json"));
        assertEquals(401, json.status());
    }

    @Test
    void loginWhenManyLoginsThenEveryCodeAndTokenIsDistinctAndUnleaked() {
        Set<String> verifiers = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ScriptedBrowser browser = leaks.newBrowser();
            String callback = browser.signInAtProvider(browser.get(basicApp.baseUri() + "/n" + i), USER, PASSWORD);
            assertEquals(302, browser.get(callback).status());
            verifiers.add(provider.tokenRequests().get(tokenCalls() - 1).parameter("code_verifier").orElseThrow());
        }
        assertEquals(3, verifiers.size(), "a fresh verifier per login");
        assertFalse(provider.issuedSecrets().isEmpty());
    }
}
