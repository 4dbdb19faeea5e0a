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
        assertEquals("Signed in as alice; Spring Security: alice", page.body().trim());
        // Spring Security keeps nothing of its own between requests; the second page comes from the filter's state.
        assertEquals(200, browser.get(appUrl + "/").status());
    }

    @Test
    void adminPageWhenFilterFindsRoleInClaimThenSpringSecurityGrantsIt() {
        ScriptedBrowser browser = new ScriptedBrowser();
        Response toProvider = browser.get(appUrl + "/admin");
        browser.follow(browser.get(browser.signInAtProvider(toProvider, "alice", "wonderland")));

        Response admin = browser.get(appUrl + "/admin");

        assertEquals(200, admin.status(), admin.body());
        assertEquals("Admin alice: [ROLE_admin]", admin.body().trim());
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
        ScriptedBrowser browser = new ScriptedBrowser();
        Response toProvider = browser.get(appUrl + "/");
        browser.follow(browser.get(browser.signInAtProvider(toProvider, "alice", "wonderland")));

        Response post = browser.postForm(appUrl + "/", Map.of("x", "1"));

        assertEquals(403, post.status(), "Spring Security's CSRF protection answers a POST without its token");
    }
}
