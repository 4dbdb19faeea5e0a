package dev.pkcefilter.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.ScriptedBrowser;
import dev.pkcefilter.testbed.ScriptedBrowser.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The example WAR ({@code examples/webapp}) as the container tests see it: where its file is, how its
 * {@code WEB-INF/pkce-filter.properties} is pointed at a provider, and the full login every container must
 * pass, driven over HTTP by a {@link ScriptedBrowser}.
 */
public final class ExampleWebapp {

    /** The system property naming the WAR to deploy; the container modules' failsafe sets it. */
    public static final String WAR_PROPERTY = "pkcefilter.webapp.war";

    private ExampleWebapp() {
    }

    /**
     * @return the WAR named by {@value #WAR_PROPERTY}
     * @throws IllegalStateException when there is no such file
     */
    public static Path war() {
        String war = System.getProperty(WAR_PROPERTY);
        if (war == null || !Files.isRegularFile(Path.of(war))) {
            throw new IllegalStateException("expected the example WAR at system property " + WAR_PROPERTY
                    + " (build examples/webapp first), found " + war);
        }
        return Path.of(war);
    }

    /**
     * The example WAR with one setting taken out of its {@code WEB-INF/pkce-filter.properties}: a deployment whose
     * settings cannot work, which the server must refuse when the web app starts.
     *
     * @param key the key whose line goes, such as {@code issuer}
     * @param directory where to write the copy
     * @return the copy
     */
    public static Path warWithout(String key, Path directory) {
        Path copy = directory.resolve("without-" + key + ".war");
        try {
            Files.createDirectories(directory);
            Files.copy(war(), copy, StandardCopyOption.REPLACE_EXISTING);
            try (FileSystem zip = FileSystems.newFileSystem(copy)) {
                Path settings = zip.getPath("/WEB-INF/pkce-filter.properties");
                String without = Files.readAllLines(settings).stream().filter(line -> !line.startsWith(key + "="))
                        .collect(Collectors.joining("\n", "", "\n"));
                Files.writeString(settings, without);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /**
     * Sets the system properties the WAR's settings file references ({@code ${sys:oidc.issuer}} and the
     * client's id and secret), as an operator would with {@code -D} options. Call before the container starts:
     * the filter reads its settings once, at startup.
     *
     * @param provider the provider to sign in at; not null
     */
    public static void signInAt(ProviderProcess provider) {
        System.setProperty("oidc.issuer", provider.issuer());
        System.setProperty("oidc.client-id", ProviderProcess.CLIENT_ID);
        System.setProperty("oidc.client-secret", ProviderProcess.CLIENT_SECRET);
    }

    /**
     * A deep link, the redirect to the provider, sign-in there, the callback, back to the deep link as the
     * signed-in user; then an API-style request of another browser gets 401 instead of a redirect, and logout
     * ends the session.
     *
     * @param appUrl the deployed WAR's root, {@code http://127.0.0.1:<port>/pkce-filter-webapp}; not null
     * @param issuer the provider's issuer identifier; not null
     */
    public static void assertFullLogin(String appUrl, String issuer) {
        ScriptedBrowser browser = new ScriptedBrowser();
        signInThroughDeepLink(browser, appUrl, issuer, false);

        Response api = new ScriptedBrowser().get(appUrl + "/", Map.of("Accept", "application/json"));
        assertEquals(401, api.status(), api.body());
        assertEquals("{\"error\":\"login_required\"}", api.body().trim());

        assertLogoutEndsBothSessions(browser, appUrl, issuer);
    }

    /**
     * Logout as a user's browser goes through it: the app's redirect to the provider's logout endpoint, the
     * provider's redirect back to the app's {@code /oauth2/logged-out} with the logout's {@code state}, on to the
     * app's root; the app then sends the browser to sign in again, and the provider asks for the password, so
     * its session ended too (a provider that refused the logout would keep it, and sign the user in at once).
     *
     * @param browser a browser signed in to the app and at the provider
     */
    public static void assertLogoutEndsBothSessions(ScriptedBrowser browser, String appUrl, String issuer) {
        Response logout = browser.postForm(appUrl + "/oauth2/logout", Map.of(), Map.of("Origin", origin(appUrl)));
        assertEquals(302, logout.status(), logout.body());
        assertTrue(logout.location().startsWith(issuer + "/connect/logout?"), logout.location());
        String state = ScriptedBrowser.queryParameters(logout.location()).get("state");
        Response atProvider = browser.follow(logout);
        assertEquals(302, atProvider.status(), "the provider accepts the logout request: " + atProvider.body());
        assertEquals(appUrl + "/oauth2/logged-out?state=" + state, atProvider.location());
        Response returned = browser.follow(atProvider);
        assertEquals(302, returned.status(), returned.body());
        assertEquals(appUrl + "/", returned.location(), "on to logout.redirect, the app's root");
        Response afterLogout = browser.follow(returned);
        assertEquals(302, afterLogout.status(), "a session that survived logout would answer 200");
        assertTrue(afterLogout.location().startsWith(issuer + "/oauth2/authorize?"), afterLogout.location());
        Response authorize = browser.follow(afterLogout);
        assertEquals(302, authorize.status(), authorize.body());
        assertEquals(issuer + "/login", authorize.location(), "the provider asks for the password again");
    }

    /**
     * The example's step-up paths ({@code /admin/*}) as this container passes paths to the filter: spelled
     * otherwise (case, a trailing slash) they still ask for the step-up, and spelled ambiguously
     * ({@code //}, {@code /./}, {@code /../}, an encoded {@code /} or {@code .}) they end in 400, from the
     * container or from the filter, never in the app's page or a login without the step-up.
     *
     * @param appUrl the deployed WAR's root; not null
     * @param issuer the provider's issuer identifier; not null
     */
    public static void assertStepUpPathsCannotBeReachedAround(String appUrl, String issuer) {
        for (String spelled : List.of("/admin/users", "/ADMIN/users", "/Admin/Users/")) {
            Response toProvider = new ScriptedBrowser().get(appUrl + spelled);
            assertEquals(302, toProvider.status(), spelled + ": " + toProvider.body());
            assertTrue(toProvider.location().startsWith(issuer + "/oauth2/authorize?"), toProvider.location());
            assertEquals("900", ScriptedBrowser.queryParameters(toProvider.location()).get("max_age"),
                    spelled + " asks for the step-up");
        }
        for (String ambiguous : List.of("//admin/users", "/./admin/users", "/reports/../admin/users", "/admin%2Fusers",
                "/reports/..%2Fadmin/users", "/reports/%2e%2e/admin/users")) {
            Response refused = new ScriptedBrowser().get(appUrl + ambiguous);
            assertEquals(400, refused.status(), ambiguous + ": " + refused.headers() + " " + refused.body());
        }
    }

    /**
     * The login over the server's own https listener: the redirect URI is the https one, and the session cookie
     * is {@code Secure} (besides {@code HttpOnly} and {@code SameSite=Lax}) before and after the session id changes.
     *
     * @param appUrl the deployed WAR's root at {@code https://127.0.0.1:<port>}; not null
     * @param issuer the provider's issuer identifier; not null
     */
    public static void assertLoginOverTls(String appUrl, String issuer) {
        signInThroughDeepLink(new ScriptedBrowser(TestTls.trustingAnyCertificate()), appUrl, issuer, true);
    }

    /**
     * A deep link, the redirect to the provider (PKCE S256, the callback on the app's own origin), sign-in there,
     * the callback, and back to the deep link as the signed-in user; the session cookie checked before and after
     * the session id changes (session fixation).
     */
    private static void signInThroughDeepLink(ScriptedBrowser browser, String appUrl, String issuer, boolean secure) {
        String deepLink = appUrl + "/reports?year=2026";
        Response toProvider = browser.get(deepLink);
        assertEquals(302, toProvider.status(), toProvider.body());
        assertTrue(toProvider.location().startsWith(issuer + "/oauth2/authorize?"), toProvider.location());
        Map<String, String> request = ScriptedBrowser.queryParameters(toProvider.location());
        assertEquals("S256", request.get("code_challenge_method"));
        assertEquals(appUrl + "/oauth2/callback", request.get("redirect_uri"));
        assertSessionCookie(toProvider, secure);

        Response backToApp = browser.get(browser.signInAtProvider(toProvider, ProviderProcess.USER, ProviderProcess.PASSWORD));
        assertEquals(302, backToApp.status(), backToApp.body());
        assertEquals(deepLink, backToApp.location());
        assertSessionCookie(backToApp, secure);

        Response page = browser.follow(backToApp);
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("<span id=\"user\">" + ProviderProcess.USER + "</span>"), page.body());
    }

    /**
     * On a full server, its own security sees the user the filter signed in: the example's JAX-RS resource (its
     * {@code @RolesAllowed} checks, its {@code SecurityContext}) admits the provider's user, who has the role
     * {@code staff}, to the staff method, naming them, and refuses them the method for {@code auditor}s.
     *
     * @param appUrl the deployed WAR's root; not null
     */
    public static void assertServerSecuritySeesTheUser(String appUrl) {
        ScriptedBrowser browser = new ScriptedBrowser();
        Response signedIn = signInAt(browser, appUrl + "/api/whoami/staff");
        assertEquals(200, signedIn.status(), signedIn.body());
        assertEquals("staff member " + ProviderProcess.USER, signedIn.body().trim());

        Response auditors = browser.get(appUrl + "/api/whoami/auditors");
        assertEquals(403, auditors.status(), "a user without the role: " + auditors.body());

        Response both = browser.get(appUrl + "/api/whoami");
        assertEquals(200, both.status(), both.body());
        assertEquals("security context: " + ProviderProcess.USER + ", staff true; servlet request: " + ProviderProcess.USER
                + ", staff true", both.body().trim());
    }

    /**
     * @param browser a browser without a session
     * @param deepLink a page of the app
     * @return the answer to the deep link once the browser has signed in at the provider on its way there
     */
    public static Response signInAt(ScriptedBrowser browser, String deepLink) {
        Response toProvider = browser.get(deepLink);
        assertEquals(302, toProvider.status(), toProvider.body());
        return browser.follow(browser.get(browser.signInAtProvider(toProvider, ProviderProcess.USER, ProviderProcess.PASSWORD)));
    }

    /**
     * The filter adds {@code SameSite=Lax} and {@code HttpOnly} to the container's session cookie, which each
     * container writes its own way (Servlet 3.1 to 5.0 have no API for SameSite): exactly one session cookie, with
     * both, and {@code Secure} exactly when the request came over TLS.
     */
    private static void assertSessionCookie(Response response, boolean secure) {
        List<String> sessionCookies = response.headers().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("Set-Cookie"))
                .flatMap(header -> header.getValue().stream())
                .filter(cookie -> cookie.startsWith("JSESSIONID="))
                .toList();
        assertEquals(1, sessionCookies.size(), "session cookies set: " + sessionCookies.size());
        String attributes = sessionCookies.get(0).replaceFirst("^JSESSIONID=[^;]*", "").toLowerCase(Locale.ROOT);
        assertTrue(attributes.contains("samesite=lax"), "the session cookie's attributes: " + attributes);
        assertTrue(attributes.matches(".*;\\s*httponly\\s*(;.*)?"), "the session cookie's attributes: " + attributes);
        assertEquals(secure, attributes.matches(".*;\\s*secure\\s*(;.*)?"), "Secure expected " + secure + "; the attributes: " + attributes);
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }
}
