package dev.pkcefilter.it;

import static dev.pkcefilter.it.SignedInApps.PASSWORD;
import static dev.pkcefilter.it.SignedInApps.USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One filter, several real providers: the company's (the keys without prefix), a partner's
 * ({@code provider.partner.*}), one whose ID tokens name the company as their issuer ({@code provider.forger.*}),
 * and one that is down ({@code provider.down.*}). Each signs in through its own redirect URI, and the mix-up
 * checks of RFC 9700 §4.4 refuse a response that arrives at another provider's address, names another provider's
 * issuer, or carries an ID token from another issuer.
 */
class MultiProviderIT {

    /** The headers of a request that is not a page: without a signed-in user it gets 401 rather than a login. */
    private static final Map<String, String> NOT_A_PAGE = Map.of("Accept", "application/json");

    private static EmbeddedProvider company;
    private static EmbeddedProvider partner;
    private static EmbeddedProvider forger;
    private static ProtectedApp app;
    private static String base;

    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(MultiProviderIT::secrets, ScriptedBrowser::new);

    @BeforeAll
    static void startProvidersAndApp() throws IOException {
        company = EmbeddedProvider.builder().user(USER, PASSWORD).start();
        partner = EmbeddedProvider.builder().user(USER, PASSWORD).start();
        forger = EmbeddedProvider.builder().user(USER, PASSWORD).idTokenClaim("iss", company.issuer()).start();
        FilterSettings settings = FilterSettings.builder()
                .issuer(company.issuer()).clientId("app").clientSecret("app-secret-at-company").displayName("Company account")
                .provider("partner", "issuer", partner.issuer())
                .provider("partner", "client.id", "app-at-partner")
                .provider("partner", "client.secret", "app-secret-at-partner")
                .provider("partner", "client.auth-method", "client_secret_post")
                .provider("partner", "display-name", "Partner <Entra ID>")
                .provider("forger", "issuer", forger.issuer())
                .provider("forger", "client.id", "app-at-forger")
                .provider("forger", "client.secret", "app-secret-at-forger")
                .provider("down", "issuer", "http://localhost:" + Ports.free())
                .provider("down", "client.id", "app-at-down")
                .provider("down", "client.secret", "app-secret-at-down")
                .clock(MutableClock.at(Instant.now()))
                .build();
        app = ProtectedApp.start(0, new PkceFilter(settings));
        base = app.baseUri().toString();
        company.registerClient("app", "app-secret-at-company", "client_secret_basic", base + "/oauth2/callback");
        partner.registerClient("app-at-partner", "app-secret-at-partner", "client_secret_post", base + "/oauth2/callback/partner");
        forger.registerClient("app-at-forger", "app-secret-at-forger", "client_secret_basic", base + "/oauth2/callback/forger");
    }


    @AfterAll
    static void stopAll() {
        app.close();
        company.close();
        partner.close();
        forger.close();
    }

    private static List<String> secrets() {
        List<String> secrets = new ArrayList<>(company.issuedSecrets());
        secrets.addAll(partner.issuedSecrets());
        secrets.addAll(forger.issuedSecrets());
        secrets.addAll(List.of("app-secret-at-company", "app-secret-at-partner", "app-secret-at-forger"));
        return secrets;
    }

    private ScriptedBrowser newBrowser() {
        return leaks.newBrowser();
    }

    @Test
    void pageWhenSeveralProvidersAndNoDefaultThenTheChooserListsThemAndEachSignsInThroughItsOwnRedirectUri() {
        ScriptedBrowser browser = newBrowser();
        ScriptedBrowser.Response toChooser = browser.get(base + "/reports?year=2026");
        assertEquals(302, toChooser.status());
        assertEquals(base + "/oauth2/login?return=%2Freports%3Fyear%3D2026", toChooser.location());
        ScriptedBrowser.Response chooser = browser.follow(toChooser);
        assertEquals(200, chooser.status());
        assertTrue(chooser.body().contains(">Company account</a>"), chooser.body());
        assertTrue(chooser.body().contains(">Partner &lt;Entra ID&gt;</a>"), "display names are escaped: " + chooser.body());
        assertTrue(chooser.body().contains("href=\"/oauth2/login/partner?return=%2Freports%3Fyear%3D2026\""), chooser.body());

        ScriptedBrowser.Response toPartner = browser.get(base + "/oauth2/login/partner?return=%2Freports%3Fyear%3D2026");
        assertTrue(toPartner.location().startsWith(partner.issuer() + "/oauth2/authorize?"), toPartner.location());
        assertEquals(base + "/oauth2/callback/partner", ScriptedBrowser.queryParameters(toPartner.location()).get("redirect_uri"));
        ScriptedBrowser.Response back = browser.get(browser.signInAtProvider(toPartner, USER, PASSWORD));
        assertEquals(base + "/reports?year=2026", back.location(), back.body());
        Map<String, Object> partnerUser = SignedInApps.json(browser.get(base + "/me"));
        assertEquals(partner.issuer(), partnerUser.get("iss"));
        assertEquals(partnerUser.get("sub") + "@partner", SignedInApps.json(browser.get(base + "/api/role")).get("remoteUser"),
                "the partner's user is named with its provider");
        RecordedTokenRequest atPartner = partner.tokenRequests().get(partner.tokenRequests().size() - 1);
        assertEquals(Optional.of("app-secret-at-partner"), atPartner.parameter("client_secret"),
                "the partner's own client authentication, client_secret_post");
        assertTrue(atPartner.parameter("code_verifier").isPresent(), "and the PKCE verifier beside it");

        ScriptedBrowser other = newBrowser();
        ScriptedBrowser.Response toCompany = other.get(base + "/oauth2/login/default");
        assertEquals(base + "/oauth2/callback", ScriptedBrowser.queryParameters(toCompany.location()).get("redirect_uri"));
        ScriptedBrowser.Response home = other.get(other.signInAtProvider(toCompany, USER, PASSWORD));
        assertEquals(base + "/", home.location(), "no return: the app's root");
        Map<String, Object> companyUser = SignedInApps.json(other.get(base + "/me"));
        assertEquals(company.issuer(), companyUser.get("iss"));
        assertEquals(partnerUser.get("sub"), companyUser.get("sub"), "the two providers gave their users one subject");
        assertEquals(companyUser.get("sub"), SignedInApps.json(other.get(base + "/api/role")).get("remoteUser"),
                "the default provider's user keeps the plain subject, and is not the partner's user");
    }

    @Test
    void callbackWhenTheCompanysCodeArrivesAtThePartnersRedirectUriThenRefusedBeforeAnyTokenCall() {
        ScriptedBrowser browser = newBrowser();
        String callback = browser.signInAtProvider(browser.get(base + "/oauth2/login/default"), USER, PASSWORD);
        assertTrue(callback.startsWith(base + "/oauth2/callback?"), callback);
        int tokenCalls = allTokenCalls();

        ScriptedBrowser.Response refused = browser.get(callback.replace("/oauth2/callback?", "/oauth2/callback/partner?"));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("PROVIDER_MIX_UP"), refused.body());
        assertLoggedOnce("reason=PROVIDER_MIX_UP", "the login was sent to provider 'default' but its response arrived at"
                + " the redirect URI of provider 'partner'");
        assertEquals(tokenCalls, allTokenCalls(), "the code went to no token endpoint");
        assertNotSignedIn(browser);
        // The pending login was used up by the attempt: the right address cannot take it afterwards either.
        assertEquals(400, browser.get(callback).status());
        assertEquals(tokenCalls, allTokenCalls());
    }

    @Test
    void callbackWhenTheResponseNamesThePartnersIssuerForACompanyLoginThenRefusedBeforeAnyTokenCall() {
        ScriptedBrowser browser = newBrowser();
        String callback = browser.signInAtProvider(browser.get(base + "/oauth2/login/default"), USER, PASSWORD);
        Map<String, String> parameters = new LinkedHashMap<>(ScriptedBrowser.queryParameters(callback));
        parameters.put("iss", partner.issuer());
        int tokenCalls = allTokenCalls();

        ScriptedBrowser.Response refused = browser.get(base + "/oauth2/callback?" + query(parameters));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.body().contains("ISSUER_MISMATCH"), refused.body());
        assertLoggedOnce("reason=ISSUER_MISMATCH", "is not the issuer of provider 'default'");
        assertEquals(tokenCalls, allTokenCalls(), "the code went to no token endpoint");
        assertNotSignedIn(browser);
    }

    @Test
    void idTokenWhenTheForgersTokenEndpointAnswersWithAnIdTokenNamingTheCompanyThenRefused() {
        ScriptedBrowser browser = newBrowser();
        ScriptedBrowser.Response toForger = browser.get(base + "/oauth2/login/forger");
        assertEquals(base + "/oauth2/callback/forger", ScriptedBrowser.queryParameters(toForger.location()).get("redirect_uri"));
        ScriptedBrowser.Response refused = browser.get(browser.signInAtProvider(toForger, USER, PASSWORD));
        assertEquals(502, refused.status(), refused.body());
        assertTrue(refused.body().contains("ID_TOKEN_INVALID"), refused.body());
        assertLoggedOnce("reason=ID_TOKEN_INVALID", "the ID token iss is not the configured issuer");
        assertNotSignedIn(browser);
    }

    @Test
    void loginWhenOneProviderIsDownThenItsLoginsAnswer503AndTheOthersStillSignIn() {
        ScriptedBrowser browser = newBrowser();
        ScriptedBrowser.Response unavailable = browser.get(base + "/oauth2/login/down");
        assertEquals(503, unavailable.status(), unavailable.body());
        assertTrue(unavailable.header("Retry-After").isPresent());
        assertLoggedOnce("reason=PROVIDER_UNAVAILABLE", "provider 'down'");

        ScriptedBrowser.Response toPartner = browser.get(base + "/oauth2/login/partner");
        ScriptedBrowser.Response back = browser.get(browser.signInAtProvider(toPartner, USER, PASSWORD));
        assertEquals(302, back.status(), back.body());
        assertEquals(200, browser.follow(back).status());
    }

    @Test
    void loginPathWhenTheAppPassesLoginHintAndPromptThenTheProviderGetsThemAndAnythingElseIsRefused() {
        ScriptedBrowser browser = newBrowser();
        ScriptedBrowser.Response toPartner = browser.get(base
                + "/oauth2/login/partner?login_hint=alice%40example.com&prompt=login&return=%2Forders");
        Map<String, String> sent = ScriptedBrowser.queryParameters(toPartner.location());
        assertEquals("alice@example.com", sent.get("login_hint"));
        assertEquals("login", sent.get("prompt"));
        assertEquals(base + "/orders", browser.get(browser.signInAtProvider(toPartner, USER, PASSWORD)).location());

        ScriptedBrowser.Response badPrompt = browser.get(base + "/oauth2/login/partner?prompt=create");
        assertEquals(400, badPrompt.status());
        assertTrue(badPrompt.body().contains("LOGIN_REQUEST_INVALID"), badPrompt.body());
        ScriptedBrowser.Response offSite = browser.get(base + "/oauth2/login/partner?return=%2F%2Fevil.example%2F");
        ScriptedBrowser.Response landed = browser.get(browser.signInAtProvider(offSite, USER, PASSWORD));
        assertEquals(base + "/", landed.location(), "a return that leaves the app becomes its root");
    }

    private static int allTokenCalls() {
        return company.tokenRequests().size() + partner.tokenRequests().size() + forger.tokenRequests().size();
    }

    private static void assertNotSignedIn(ScriptedBrowser browser) {
        assertEquals(401, browser.get(base + "/me", NOT_A_PAGE).status(), "no signed-in session");
    }

    private void assertLoggedOnce(String reason, String detail) {
        List<String> lines = leaks.logged().stream().filter(line -> line.contains(reason)).collect(Collectors.toList());
        assertEquals(1, lines.size(), "one log line for the failure: " + leaks.logged());
        assertTrue(lines.get(0).contains(detail), lines.get(0));
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
