package dev.pkcefilter.it;

import static dev.pkcefilter.it.SignedInApps.PASSWORD;
import static dev.pkcefilter.it.SignedInApps.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.MutableClock;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.LeakCheck;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Step-up authentication against the real provider: a path under {@code step-up.paths} sends a user signed in
 * without the required {@code acr} to sign in again with {@code acr_values}, and the filter checks the answer's
 * ID token rather than trusting the request. One provider satisfies the class; the other ignores
 * {@code acr_values}, as OIDC Core lets it.
 */
class StepUpIT {

    private static final String MFA = "urn:example:mfa";

    private static EmbeddedProvider satisfying;
    private static EmbeddedProvider ignoring;

    private final List<ScriptedBrowser> browsers = new ArrayList<>();
    private final MutableClock clock = MutableClock.at(Instant.now());
    private final SignedInApps apps = new SignedInApps(satisfying, clock, this::newBrowser);
    private LeakCheck leakCheck;

    @BeforeAll
    static void startProviders() {
        satisfying = EmbeddedProvider.builder().user(USER, PASSWORD).acrValuesSupported(MFA).start();
        ignoring = EmbeddedProvider.builder().user(USER, PASSWORD).start();
    }

    @AfterAll
    static void stopProviders() {
        satisfying.close();
        ignoring.close();
    }

    @BeforeEach
    void watchForLeaks() {
        leakCheck = new LeakCheck();
    }

    @AfterEach
    void nothingLeaked() {
        try {
            List<String> secrets = new ArrayList<>(satisfying.issuedSecrets());
            secrets.addAll(ignoring.issuedSecrets());
            List<ScriptedBrowser.Response> fromApp = new ArrayList<>();
            browsers.forEach(browser -> browser.history().stream()
                    .filter(response -> response.uri().getHost().equals("127.0.0.1")).forEach(fromApp::add));
            leakCheck.assertNothingLeaked(secrets, fromApp);
        } finally {
            leakCheck.close();
            apps.close();
        }
    }

    private ScriptedBrowser newBrowser() {
        ScriptedBrowser browser = new ScriptedBrowser();
        browsers.add(browser);
        return browser;
    }

    @Test
    void stepUpPathWhenTheFirstLoginLackedTheAcrThenASecondLoginAsksForItAndItsIdTokenOpensThePath() {
        ProtectedApp app = apps.startApp("step-up", settings -> settings.stepUpPaths("/admin/*").stepUpAcrValues(MFA));
        ScriptedBrowser browser = apps.signedInBrowser(app);
        assertNull(SignedInApps.json(browser.get(app.baseUri() + "/me")).get("acr"), "the first login asked for no acr");

        ScriptedBrowser.Response toProvider = browser.get(app.baseUri() + "/admin/reports");
        assertEquals(302, toProvider.status(), "signed in, but not strongly enough for /admin");
        assertEquals(MFA, ScriptedBrowser.queryParameters(toProvider.location()).get("acr_values"));
        ScriptedBrowser.Response back = browser.get(browser.signInAtProvider(toProvider, USER, PASSWORD));
        assertEquals(302, back.status(), back.body());
        assertEquals(app.baseUri() + "/admin/reports", back.location());
        assertEquals(200, browser.follow(back).status());
        assertEquals(MFA, SignedInApps.json(browser.get(app.baseUri() + "/me")).get("acr"));
    }

    @Test
    void stepUpLoginWhenTheProviderIgnoresAcrValuesThenRefusedAndThePathStaysClosedWhileOtherPagesStillWork() {
        ProtectedApp app = apps.startApp(ignoring, "step-up-ignored", settings -> settings.stepUpPaths("/admin/*").stepUpAcrValues(MFA));
        ScriptedBrowser browser = newBrowser();
        String callback = browser.signInAtProvider(browser.get(app.baseUri() + "/"), USER, PASSWORD);
        assertEquals(200, browser.follow(browser.get(callback)).status());

        ScriptedBrowser.Response toProvider = browser.get(app.baseUri() + "/admin/reports");
        ScriptedBrowser.Response refused = browser.get(browser.signInAtProvider(toProvider, USER, PASSWORD));
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("STEP_UP_NOT_MET"), refused.body());
        assertTrue(leakCheck.logged().stream().anyMatch(line -> line.contains("reason=STEP_UP_NOT_MET")
                && line.contains("the step-up's ID token has no acr")), leakCheck.logged().toString());

        assertEquals(302, browser.get(app.baseUri() + "/admin/reports").status(), "still not strong enough");
        // The rule holds on the path as Jetty maps it, however the request spells it.
        for (String spelling : List.of("/admin;x/reports", "/%61dmin/reports", "//admin/reports", "/x/../admin/reports",
                "/ADMIN/../admin/reports")) {
            int status = browser.get(app.baseUri() + spelling).status();
            assertTrue(status == 302 || status == 400, spelling + " answered " + status);
        }
        ScriptedBrowser.Response api = browser.get(app.baseUri() + "/admin/reports", Map.of("Accept", "application/json"));
        assertEquals(401, api.status());
        assertTrue(api.headers().toString().contains("error=\"insufficient_user_authentication\", acr_values=\"" + MFA + "\""),
                api.headers().toString());
        assertEquals(200, browser.get(app.baseUri() + "/").status(), "the first login still holds for other pages");
        assertFalse(browser.get(app.baseUri() + "/me").body().contains(MFA));
    }
}
