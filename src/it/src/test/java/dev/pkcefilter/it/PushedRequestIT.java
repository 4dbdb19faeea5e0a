package dev.pkcefilter.it;

import static dev.pkcefilter.it.SignedInApps.PASSWORD;
import static dev.pkcefilter.it.SignedInApps.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pushed authorization requests (RFC 9126) against the real provider: with {@code par=always} the authentication
 * request goes to the provider's push endpoint with the client's authentication, and the browser carries only
 * {@code client_id} and {@code request_uri}.
 */
class PushedRequestIT {

    private static EmbeddedProvider provider;

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(() -> provider.issuedSecrets(), ScriptedBrowser::new);

    @BeforeAll
    static void startProvider() {
        provider = EmbeddedProvider.builder().user(USER, PASSWORD).start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    private static ProtectedApp app(String clientId, String secret) {
        return ProtectedApp.start(0, new PkceFilter(FilterSettings.builder().issuer(provider.issuer()).clientId(clientId)
                .clientSecret(secret).set("par", "always").build()));
    }

    @Test
    void loginWhenParAlwaysThenTheBrowserCarriesOnlyClientIdAndRequestUriAndTheLoginWorks() {
        try (ProtectedApp app = app("par-app", "par-app-secret-value")) {
            provider.registerClient("par-app", "par-app-secret-value", "client_secret_basic", app.baseUri() + "/oauth2/callback");
            ScriptedBrowser browser = leaks.newBrowser();
            ScriptedBrowser.Response toProvider = browser.get(app.baseUri() + "/reports?year=2026");
            assertEquals(302, toProvider.status(), toProvider.body());
            Map<String, String> sent = ScriptedBrowser.queryParameters(toProvider.location());
            assertEquals(Set.of("client_id", "request_uri"), sent.keySet(), toProvider.location());
            assertEquals("par-app", sent.get("client_id"));

            RecordedTokenRequest pushed = provider.pushedRequests().get(provider.pushedRequests().size() - 1);
            assertEquals(Optional.of("Basic"), pushed.authorizationScheme(), "the token call's client authentication");
            assertEquals(Optional.of("S256"), pushed.parameter("code_challenge_method"));
            for (String parameter : List.of("code_challenge", "state", "nonce", "redirect_uri", "scope")) {
                assertTrue(pushed.parameter(parameter).isPresent(), parameter + " went to the provider directly");
                assertFalse(toProvider.location().contains(parameter + "="), parameter + " stayed out of the browser");
            }

            ScriptedBrowser.Response back = browser.get(browser.signInAtProvider(toProvider, USER, PASSWORD));
            assertEquals(302, back.status(), back.body());
            assertEquals(app.baseUri() + "/reports?year=2026", back.location());
            assertEquals(200, browser.follow(back).status());
        }
    }

    @Test
    void loginStartWhenTheProviderRefusesThePushedRequestThenAFailurePageAndNoPendingLogin() {
        try (ProtectedApp app = app("par-refused", "not-the-registered-secret")) {
            provider.registerClient("par-refused", "the-registered-secret-value", "client_secret_basic",
                    app.baseUri() + "/oauth2/callback");
            ScriptedBrowser.Response refused = leaks.newBrowser().get(app.baseUri() + "/reports");
            assertEquals(502, refused.status(), refused.body());
            assertTrue(refused.body().contains("PUSHED_REQUEST_REFUSED"), refused.body());
            assertTrue(refused.header("Set-Cookie").isEmpty(), "no session was made for a login that did not start");
            List<String> warnings = leaks.logged().stream().filter(line -> line.contains("login failed")).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("reason=PUSHED_REQUEST_REFUSED") && warnings.get(0).contains("error=invalid_client"),
                    warnings.get(0));
        }
    }
}
