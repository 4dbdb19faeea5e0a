package dev.pkcefilter.it;

import static dev.pkcefilter.it.SignedInApps.PASSWORD;
import static dev.pkcefilter.it.SignedInApps.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.DpopResourceServer;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.Shutdown;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DPoP (RFC 9449) against the real provider and a resource server that verifies proofs: the login's code is bound
 * to the session's key, the token call and the refresh carry proofs, the access token comes back DPoP-bound, and
 * the app calls the API with {@code TokenAccess}'s header and a fresh proof, with the API's nonce when it asks.
 */
class DpopIT {

    /** The provider's access tokens last 60 s; with a refresh margin of 58 s they are due 2 s after they were issued. */
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(60);

    private static EmbeddedProvider provider;
    private static DpopResourceServer api;

    private final MutableClock clock = MutableClock.at(Instant.now());
    private ProtectedApp app;

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(() -> provider.issuedSecrets(), ScriptedBrowser::new);

    @BeforeAll
    static void startProviderAndApi() {
        provider = EmbeddedProvider.builder().user(USER, PASSWORD).accessTokenTimeToLive(TOKEN_LIFETIME).start();
        api = DpopResourceServer.start(provider.issuer());
    }

    @AfterAll
    static void stopAll() {
        Shutdown.closeAll(api, provider);
    }

    @BeforeEach
    void startApp() {
        api.requireNonce(false);
        app = ProtectedApp.start(0, new PkceFilter(FilterSettings.builder().issuer(provider.issuer()).clientId("dpop-app")
                .clientSecret("dpop-app-secret-value").dpop(true).userInfoEnabled(true).refreshMargin(Duration.ofSeconds(58)).clock(clock).build()));
        provider.registerClient("dpop-app", "dpop-app-secret-value", "client_secret_basic", app.baseUri() + "/oauth2/callback");
    }

    @AfterEach
    void stopApp() {
        app.close();
    }

    private ScriptedBrowser signedIn() {
        ScriptedBrowser browser = leaks.newBrowser();
        ScriptedBrowser.Response toProvider = browser.get(app.baseUri() + "/");
        String jkt = ScriptedBrowser.queryParameters(toProvider.location()).get("dpop_jkt");
        assertTrue(jkt != null && jkt.matches("[A-Za-z0-9_-]{43}"), "the code is bound to the session's key: " + toProvider.location());
        ScriptedBrowser.Response back = browser.get(browser.signInAtProvider(toProvider, USER, PASSWORD));
        assertEquals(302, back.status(), back.body());
        assertEquals(200, browser.follow(back).status(), "the token came back DPoP-bound, or the login would have failed");
        return browser;
    }

    private Map<String, Object> callApi(ScriptedBrowser browser) {
        return SignedInApps.json(browser.get(app.baseUri() + "/api/call?url="
                + URLEncoder.encode(api.ordersUri().toString(), StandardCharsets.UTF_8)));
    }

    @Test
    void apiCallWhenSignedInWithDpopThenTheResourceServerAcceptsTheBoundTokenAndItsProof() {
        ScriptedBrowser browser = signedIn();
        int before = api.verdicts().size();
        Map<String, Object> answer = callApi(browser);
        assertEquals(200L, ((Number) answer.get("status")).longValue(), answer.toString());
        assertTrue(((String) answer.get("body")).contains("A-1"), answer.toString());
        assertEquals(List.of("ok"), api.verdicts().subList(before, api.verdicts().size()));
    }

    @Test
    void refreshWhenTheBoundTokenIsDueThenTheRefreshCarriesAProofAndTheNewTokenIsBoundToTheSameKey() {
        ScriptedBrowser browser = signedIn();
        int tokenCalls = provider.tokenRequests().size();
        clock.advance(Duration.ofSeconds(2));
        Map<String, Object> answer = callApi(browser);
        assertEquals(tokenCalls + 1, provider.tokenRequests().size(), "one refresh");
        assertEquals("refresh_token", provider.tokenRequests().get(tokenCalls).parameter("grant_type").orElse(""));
        assertEquals(200L, ((Number) answer.get("status")).longValue(), answer.toString());
    }

    @Test
    void apiCallWhenTheResourceServerAsksForANonceThenTheAppCallsAgainWithIt() {
        ScriptedBrowser browser = signedIn();
        api.requireNonce(true);
        int before = api.verdicts().size();
        Map<String, Object> answer = callApi(browser);
        assertEquals(200L, ((Number) answer.get("status")).longValue(), answer.toString());
        List<String> verdicts = api.verdicts().subList(before, api.verdicts().size());
        assertEquals(2, verdicts.size(), verdicts.toString());
        assertTrue(verdicts.get(0).startsWith("use_dpop_nonce"), verdicts.toString());
        assertEquals("ok", verdicts.get(1));
    }
}
