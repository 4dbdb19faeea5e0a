package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What {@link SessionLifecycleIT} and {@link BackChannelLogoutIT} share: apps whose filter runs on the test's
 * {@link MutableClock} against one provider, browsers signed in to them as the provider's one user, and checks
 * on whether a browser is still signed in. One per test; {@link #close()} stops the apps it started.
 */
final class SignedInApps implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "wonderland";

    private final EmbeddedProvider provider;
    private final MutableClock clock;
    private final Supplier<ScriptedBrowser> browsers;
    private final List<ProtectedApp> apps = new ArrayList<>();

    /**
     * @param provider the provider the apps sign in at, unless a test names another
     * @param clock the filter's clock
     * @param browsers makes each new browser, so the test's leak check sees it
     */
    SignedInApps(EmbeddedProvider provider, MutableClock clock, Supplier<ScriptedBrowser> browsers) {
        this.provider = provider;
        this.clock = clock;
        this.browsers = browsers;
    }

    /** Starts an app for this client and registers the client, with its callback, at the provider. */
    ProtectedApp startApp(String clientId, Consumer<FilterSettings.Builder> settings) {
        return startApp(provider, clientId, settings);
    }

    /** As {@link #startApp(String, Consumer)}, at another provider. */
    ProtectedApp startApp(EmbeddedProvider at, String clientId, Consumer<FilterSettings.Builder> settings) {
        String secret = clientId + "-secret-value";
        FilterSettings.Builder builder = FilterSettings.builder().issuer(at.issuer()).clientId(clientId)
                .clientSecret(secret).clock(clock);
        settings.accept(builder);
        ProtectedApp app = ProtectedApp.start(0, new PkceFilter(builder.build()));
        apps.add(app);
        at.registerClient(clientId, secret, "client_secret_basic", app.baseUri() + "/oauth2/callback");
        return app;
    }

    ScriptedBrowser newBrowser() {
        return browsers.get();
    }

    /** A new browser that has signed in to the app, and so at the provider. */
    ScriptedBrowser signedInBrowser(ProtectedApp app) {
        ScriptedBrowser browser = newBrowser();
        String callback = browser.signInAtProvider(browser.get(app.baseUri() + "/"), USER, PASSWORD);
        ScriptedBrowser.Response finish = browser.get(callback);
        assertEquals(302, finish.status(), finish.body());
        assertEquals(200, browser.follow(finish).status());
        return browser;
    }

    static void assertSignedIn(ScriptedBrowser browser, ProtectedApp app) {
        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/");
        assertEquals(200, response.status(), "still signed in");
    }

    void assertNotSignedIn(ScriptedBrowser browser, ProtectedApp app) {
        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/");
        assertEquals(302, response.status(), "a signed-in session would answer 200");
        assertTrue(response.location().startsWith(provider.issuer() + "/oauth2/authorize?"), response.location());
    }

    /** @return the ID token the provider issued last, at a login or a refresh */
    String lastIdToken() {
        List<String> idTokens = provider.issuedIdTokens();
        assertFalse(idTokens.isEmpty(), "the provider issued no ID token");
        return idTokens.get(idTokens.size() - 1);
    }

    /** @return the ID token's {@code sid}: the provider session it was issued in */
    static String sid(String idToken) {
        try {
            String sid = SignedJWT.parse(idToken).getJWTClaimsSet().getStringClaim("sid");
            assertNotNull(sid, "the provider put no sid in the ID token");
            return sid;
        } catch (java.text.ParseException e) {
            throw new AssertionError("the ID token does not parse", e);
        }
    }

    static Map<String, Object> json(ScriptedBrowser.Response response) {
        try {
            return JSONObjectUtils.parse(response.body());
        } catch (java.text.ParseException e) {
            throw new AssertionError("not JSON (HTTP " + response.status() + "): " + response.body(), e);
        }
    }

    /** Stops every app this started. */
    @Override
    public void close() {
        apps.forEach(ProtectedApp::close);
    }
}
