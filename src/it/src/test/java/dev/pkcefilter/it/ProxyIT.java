package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.NginxProxy;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.RequiredTool;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter behind a real TLS-terminating reverse proxy (Debian's nginx, serving the app under
 * {@code /app}), driven over HTTP: the redirect URI, the return-to and the session cookie follow the
 * browser's view ({@code https}, the proxy's port, the prefix), while forwarding headers from anyone but the
 * trusted proxy, and hosts outside {@code proxy.allowed-hosts}, change nothing. Every test ends with the
 * leak check.
 *
 * <p>Needs nginx and openssl (Debian packages {@code nginx}, {@code openssl}).
 */
@Tag(RequiredTool.TAG)
class ProxyIT {

    private static final String USER = "alice";
    private static final String PASSWORD = "wonderland";
    private static final String CLIENT_ID = "it-proxied";
    private static final String CLIENT_SECRET = "it-proxied-secret-value";

    @TempDir
    static Path nginxDirectory;

    private static EmbeddedProvider provider;
    private static ProtectedApp app;
    private static ProtectedApp hostListApp;
    /** Trusts the test's own address as a proxy, so that it can send what a proxy would pass on. */
    private static ProtectedApp trustingApp;
    private static NginxProxy nginx;
    @RegisterExtension
    final LeakWatch leaks = new LeakWatch(() -> provider.issuedSecrets(), () -> new ScriptedBrowser(nginx.trustingSslContext()));

    @BeforeAll
    static void startProviderAppAndProxy() {
        provider = EmbeddedProvider.builder().user(USER, PASSWORD).start();
        app = ProtectedApp.start(0, new PkceFilter(settings().build()));
        hostListApp = ProtectedApp.start(0, new PkceFilter(settings().set("proxy.allowed-hosts", "127.0.0.1").build()));
        trustingApp = ProtectedApp.start(0, new PkceFilter(settings().set("proxy.trusted", "127.0.0.1").build()));
        nginx = NginxProxy.start(nginxDirectory, app.port());
        provider.registerClient(CLIENT_ID, CLIENT_SECRET, "client_secret_basic", externalCallback());
    }

    private static FilterSettings.Builder settings() {
        return FilterSettings.builder().issuer(provider.issuer()).clientId(CLIENT_ID).clientSecret(CLIENT_SECRET)
                .set("proxy.trusted", NginxProxy.PROXY_ADDRESS);
    }

    private static String externalCallback() {
        return nginx.appUri() + "/oauth2/callback";
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable server : new AutoCloseable[] {nginx, app, hostListApp, trustingApp, provider}) {
            closeQuietly(server);
        }
    }

    private static void closeQuietly(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            // One server failing to stop must not keep the others running.
            e.printStackTrace();
        }
    }

    private static String param(String url, String name) {
        String value = ScriptedBrowser.queryParameters(url).get(name);
        if (value == null) {
            throw new AssertionError(name + " is not a parameter of " + url);
        }
        return value;
    }

    /** @return the {@code Set-Cookie} values for the app's session cookie, over all of the browser's responses */
    private static List<String> sessionCookies(ScriptedBrowser browser) {
        return browser.history().stream()
                .flatMap(response -> response.headers().entrySet().stream())
                .filter(header -> header.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(header -> header.getValue().stream())
                .filter(value -> value.startsWith("JSESSIONID="))
                .toList();
    }

    private static boolean hasAttribute(String setCookie, String attribute) {
        return List.of(setCookie.toLowerCase(Locale.ROOT).split("\\s*;\\s*")).contains(attribute.toLowerCase(Locale.ROOT));
    }

    @Test
    void loginWhenThroughTlsProxyWithPrefixThenRedirectUriAndReturnToUseTheBrowsersView() {
        ScriptedBrowser browser = leaks.newBrowser();
        ScriptedBrowser.Response start = browser.get(nginx.appUri() + "/reports?x=1");
        assertEquals(302, start.status(), start.body());
        assertEquals(externalCallback(), param(start.location(), "redirect_uri"));

        String callback = browser.signInAtProvider(start, USER, PASSWORD);
        assertTrue(callback.startsWith(externalCallback() + "?"), "the provider sent the browser to " + callback);
        ScriptedBrowser.Response finish = browser.get(callback);

        assertEquals(302, finish.status(), finish.body());
        assertEquals(nginx.appUri() + "/reports?x=1", finish.location(), "the return-to keeps the prefix");
        RecordedTokenRequest call = provider.tokenRequests().get(provider.tokenRequests().size() - 1);
        assertEquals(Optional.of(externalCallback()), call.parameter("redirect_uri"));

        ScriptedBrowser.Response page = browser.follow(finish);
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("Hello, " + USER), page.body());
        assertTrue(page.body().contains("/reports?x=1"), page.body());
    }

    @Test
    void sessionCookieWhenSetThroughTlsProxyThenSecureAndSameSiteLax() {
        ScriptedBrowser browser = leaks.newBrowser();
        String callback = browser.signInAtProvider(browser.get(nginx.appUri() + "/"), USER, PASSWORD);
        assertEquals(302, browser.get(callback).status());

        List<String> cookies = sessionCookies(browser);
        assertEquals(2, cookies.size(), "one cookie at the login start, a new one when the id rotates: " + cookies);
        for (String cookie : cookies) {
            String attributes = cookie.substring(cookie.indexOf(';') + 1);
            assertTrue(hasAttribute(cookie, "Secure"), "Secure: " + attributes);
            assertTrue(hasAttribute(cookie, "SameSite=Lax"), "SameSite=Lax: " + attributes);
            assertTrue(hasAttribute(cookie, "HttpOnly"), "HttpOnly: " + attributes);
        }
    }

    @Test
    void loginStartWhenTheClientSendsItsOwnForwardedThroughTheProxyThenNginxClearsItAndTheProxysViewHolds() {
        ScriptedBrowser browser = leaks.newBrowser();
        ScriptedBrowser.Response start = browser.get(nginx.appUri() + "/reports", Map.of(
                "Forwarded", "proto=http;host=" + URI.create(nginx.appUri().toString()).getAuthority(),
                "X-Forwarded-Prefix", "/elsewhere"));
        assertEquals(302, start.status(), start.body());
        assertEquals(externalCallback(), param(start.location(), "redirect_uri"),
                "scheme and prefix as the proxy saw them, not as the client claimed");
    }

    @Test
    void loginStartWhenBothFamiliesReachTheFilterFromATrustedPeerThenRefusedWithoutARedirect() {
        ScriptedBrowser browser = leaks.newBrowser();
        // The app trusts 127.0.0.1, where this request comes from, as if it were a proxy that set only X-Forwarded-*.
        ScriptedBrowser.Response start = browser.get(trustingApp.baseUri() + "/reports", Map.of(
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "127.0.0.1:" + trustingApp.port(),
                "Forwarded", "proto=http"));
        assertEquals(400, start.status(), start.body());
        assertTrue(start.body().contains("Reason: <code>PROXY_HEADERS_CONFLICT</code>"), start.body());
        assertEquals(Optional.empty(), start.header("Location"));
    }

    @Test
    void loginStartWhenForwardingHeadersComeFromAnUntrustedPeerThenTheyAreIgnored() {
        ScriptedBrowser browser = leaks.newBrowser();
        ScriptedBrowser.Response start = browser.get(app.baseUri() + "/", Map.of(
                "X-Forwarded-Host", "evil.example.com",
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Prefix", "/evil"));

        assertEquals(302, start.status(), start.body());
        assertEquals(app.baseUri() + "/oauth2/callback", param(start.location(), "redirect_uri"));
        List<String> cookies = sessionCookies(browser);
        assertEquals(1, cookies.size(), cookies.toString());
        assertFalse(hasAttribute(cookies.get(0), "Secure"), "a forged https must not make the cookie Secure: "
                + cookies.get(0));
        assertTrue(leaks.logged().stream().anyMatch(line -> line.contains("ignoring Forwarded/X-Forwarded-*")
                && line.contains("127.0.0.1")), leaks.logged().toString());
    }

    @Test
    void loginStartWhenHostIsNotAllowedThenBadRequestWithoutRedirect() {
        ScriptedBrowser browser = leaks.newBrowser();
        assertEquals(302, browser.get(hostListApp.baseUri() + "/").status(), "127.0.0.1 itself is allowed");

        ScriptedBrowser.Response response = browser.getWithHostHeader(hostListApp.baseUri() + "/", "evil.example.com");

        assertEquals(400, response.status(), response.body());
        assertTrue(response.body().contains("Reason: <code>HOST_NOT_ALLOWED</code>"), response.body());
        assertEquals(Optional.empty(), response.header("Location"));
        assertFalse(response.body().contains("evil.example.com"), "the page does not echo the host: " + response.body());
        assertTrue(leaks.logged().stream().anyMatch(line -> line.contains("reason=HOST_NOT_ALLOWED")),
                leaks.logged().toString());
    }

    @Test
    void loginWhenTwoAppsUnderTwoPrefixesOfOneHostThenEachKeepsItsSessionCookie(@TempDir Path directory) {
        FilterSettings.Builder shopSettings = settings().clientId("it-shop").clientSecret("it-shop-secret-value");
        FilterSettings.Builder blogSettings = settings().clientId("it-blog").clientSecret("it-blog-secret-value");
        try (ProtectedApp shop = ProtectedApp.start(0, new PkceFilter(shopSettings.build()));
                ProtectedApp blog = ProtectedApp.start(0, new PkceFilter(blogSettings.build()));
                NginxProxy apps = NginxProxy.start(directory, Map.of("/apps/shop", shop.port(), "/apps/blog", blog.port()))) {
            provider.registerClient("it-shop", "it-shop-secret-value", "client_secret_basic",
                    apps.appUri("/apps/shop") + "/oauth2/callback");
            provider.registerClient("it-blog", "it-blog-secret-value", "client_secret_basic",
                    apps.appUri("/apps/blog") + "/oauth2/callback");
            ScriptedBrowser browser = leaks.watch(new ScriptedBrowser(apps.trustingSslContext()));

            for (String prefix : List.of("/apps/shop", "/apps/blog")) {
                ScriptedBrowser.Response start = browser.get(apps.appUri(prefix) + "/home");
                ScriptedBrowser.Response finish = browser.get(browser.signInAtProvider(start, USER, PASSWORD));
                assertEquals(apps.appUri(prefix) + "/home", finish.location(), prefix);
            }
            for (String prefix : List.of("/apps/shop", "/apps/blog")) {
                ScriptedBrowser.Response page = browser.get(apps.appUri(prefix) + "/still-signed-in");
                assertEquals(200, page.status(), prefix + " lost its session: " + page.headers());
                assertTrue(page.body().contains("Hello, " + USER), page.body());
            }
            List<String> cookies = sessionCookies(browser);
            assertTrue(cookies.stream().anyMatch(cookie -> hasAttribute(cookie, "Path=/apps/shop")), cookies.toString());
            assertTrue(cookies.stream().anyMatch(cookie -> hasAttribute(cookie, "Path=/apps/blog")), cookies.toString());
        }
    }
}
