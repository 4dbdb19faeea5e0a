package dev.pkcefilter.example.springboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.ScriptedBrowser.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot example, started as its users start it (settings as Spring properties), signing in at the
 * test bed's provider over HTTP; checks that the filter runs before Spring Security and that Spring Security
 * sees the user the filter signed in.
 */
class SpringBootLoginIT {

    /** What the example's page says of a signed-in alice: the filter's user and Spring Security's, the same. */
    static final String SIGNED_IN_AS_ALICE =
            "Signed in as <span id=\"user\">alice</span>; Spring Security: <span id=\"spring-user\">alice</span>";

    private static final String CLIENT_ID = "boot-example";
    private static final String CLIENT_SECRET = "boot-example-secret";

    private static EmbeddedProvider provider;
    private static ConfigurableApplicationContext app;
    private static String appUrl;

    @BeforeAll
    static void startProviderAndApp() {
        provider = EmbeddedProvider.builder().idTokenClaim("groups", List.of("admin")).start();
        // Command-line arguments, as a user would override application.properties (whose ${OIDC_*} are unset).
        app = new SpringApplicationBuilder(ExampleApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off",
                "--pkce-filter.issuer=" + provider.issuer(),
                "--pkce-filter.client.id=" + CLIENT_ID,
                "--pkce-filter.client.secret=" + CLIENT_SECRET,
                "--pkce-filter.roles.claim=groups");
        appUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort();
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", appUrl + "/oauth2/callback");
    }

    @AfterAll
    static void stop() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    @Test
    void loginWhenSignedInAtProviderThenFilterAndSpringSecuritySeeTheSameUser() {
        ScriptedBrowser browser = new ScriptedBrowser();
        Response toProvider = browser.get(appUrl + "/");
        assertEquals(302, toProvider.status(), toProvider.body());
        assertTrue(toProvider.location().startsWith(provider.issuer() + "/oauth2/authorize?"), toProvider.location());

        Response backToApp = browser.get(browser.signInAtProvider(toProvider, "alice", "wonderland"));
        assertEquals(302, backToApp.status(), backToApp.body());
        Response page = browser.follow(backToApp);

        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains(SIGNED_IN_AS_ALICE), page.body());
        // Spring Security keeps nothing of its own between requests; the second page comes from the filter's state.
        assertEquals(200, browser.get(appUrl + "/").status());
    }

    /**
     * A navigation that accepts only HTML gets the page (it got Spring's 403, for a page that was text/plain), with
     * a log-out button whose POST reaches the filter before Spring Security's CSRF check.
     */
    @Test
    void pageWhenOnlyHtmlIsAcceptedThenThePageWithALogOutButton() {
        ScriptedBrowser browser = signedInAt("/");

        Response page = browser.get(appUrl + "/", Map.of("Accept", "text/html"));

        assertEquals(200, page.status(), page.body());
        assertTrue(page.header("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        assertTrue(page.body().contains(SIGNED_IN_AS_ALICE), page.body());
        assertTrue(page.body().contains("<form method=\"post\" action=\"oauth2/logout\"><button>Log out</button></form>"),
                page.body());
        Response logout = browser.postForm(appUrl + "/oauth2/logout", Map.of(), Map.of("Origin", appUrl));
        assertEquals(302, logout.status(), logout.body());
        assertTrue(logout.location().startsWith(provider.issuer() + "/connect/logout?"), logout.location());
    }

    @Test
    void adminPageWhenFilterFindsRoleInClaimThenSpringSecurityGrantsIt() {
        ScriptedBrowser browser = signedInAt("/admin");

        Response admin = browser.get(appUrl + "/admin");

        assertEquals(200, admin.status(), admin.body());
        assertEquals("Admin alice: [ROLE_admin]", admin.body().trim());
    }

    /** @return a browser that signed in as alice on its way to this page of the app */
    private static ScriptedBrowser signedInAt(String path) {
        ScriptedBrowser browser = new ScriptedBrowser();
        Response toProvider = browser.get(appUrl + path);
        browser.follow(browser.get(browser.signInAtProvider(toProvider, "alice", "wonderland")));
        return browser;
    }

    @Test
    void requestWhenNotSignedInAndNotNavigationThenFiltersAnswer401BeforeSpringSecurity() {
        Response api = new ScriptedBrowser().get(appUrl + "/", Map.of("Accept", "application/json"));

        // Spring Security alone would have answered 403 (its pre-authentication entry point).
        assertEquals(401, api.status(), api.body());
        assertEquals("{\"error\":\"login_required\"}", api.body().trim());
    }

    @Test
    void postWhenSignedInWithoutCsrfTokenThenSpringSecurityStillRunsBehindTheFilter() {
        ScriptedBrowser browser = signedInAt("/");

        Response post = browser.postForm(appUrl + "/", Map.of("x", "1"));

        assertEquals(403, post.status(), "Spring Security's CSRF protection answers a POST without its token");
    }
}
