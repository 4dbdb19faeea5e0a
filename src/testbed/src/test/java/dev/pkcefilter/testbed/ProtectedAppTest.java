package dev.pkcefilter.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.TokenUnavailableException;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProtectedAppTest {

    /** Signs every request in as a fixed user, the way the real filter presents one. */
    private static final Filter SIGNED_IN = (request, response, chain) -> {
        SignedInUser user = new SignedInUser("alice", "http://localhost:1", Map.of("sub", "alice", "name", "Alice"));
        request.setAttribute(SignedInUser.REQUEST_ATTRIBUTE, user);
        chain.doFilter(new HttpServletRequestWrapper((HttpServletRequest) request) {
            @Override
            public Principal getUserPrincipal() {
                return user;
            }
        }, response);
    };

    @Test
    void getWhenDeepLinkThenGreetsUserAndEchoesPathEscaped() {
        try (ProtectedApp app = ProtectedApp.start(0, SIGNED_IN)) {
            ScriptedBrowser.Response page = new ScriptedBrowser().get(app.baseUri() + "/reports/q3?x=%3Cb%3E&y=1");

            assertEquals(200, page.status());
            assertTrue(page.body().contains("Hello, alice"), page.body());
            assertTrue(page.body().contains("/reports/q3?x=%3Cb%3E&amp;y=1"), page.body());
            assertTrue(app.baseUri().toString().startsWith("http://127.0.0.1:"));
        }
    }

    @Test
    void getWhenMeThenClaimsAsJson() throws Exception {
        try (ProtectedApp app = ProtectedApp.start(0, SIGNED_IN)) {
            ScriptedBrowser.Response me = new ScriptedBrowser().get(app.baseUri() + "/me");

            assertEquals(200, me.status());
            assertEquals(Map.of("sub", "alice", "name", "Alice"), JSONObjectUtils.parse(me.body()));
        }
    }

    @Test
    void getWhenApiTokenThenOnlyTheTokensHashLeavesTheServer() throws Exception {
        Filter withToken = (request, response, chain) -> {
            request.setAttribute(TokenAccess.REQUEST_ATTRIBUTE, (TokenAccess) () -> "the-access-token");
            chain.doFilter(request, response);
        };
        try (ProtectedApp app = ProtectedApp.start(0, withToken)) {
            ScriptedBrowser.Response answer = new ScriptedBrowser().get(app.baseUri() + "/api/token");

            assertEquals(200, answer.status());
            assertEquals(Map.of("sha256", TokenServlet.sha256Hex("the-access-token")), JSONObjectUtils.parse(answer.body()));
            assertFalse(answer.body().contains("the-access-token"));
        }
    }

    @Test
    void getWhenApiTokenUnavailableThen401ForLoginAnd503ForLater() {
        for (boolean loginRequired : new boolean[] {true, false}) {
            Filter refusing = (request, response, chain) -> {
                request.setAttribute(TokenAccess.REQUEST_ATTRIBUTE, (TokenAccess) () -> {
                    throw new TokenUnavailableException("no token", loginRequired);
                });
                chain.doFilter(request, response);
            };
            try (ProtectedApp app = ProtectedApp.start(0, refusing)) {
                int status = new ScriptedBrowser().get(app.baseUri() + "/api/token").status();

                assertEquals(loginRequired ? 401 : 503, status);
            }
        }
    }

    @Test
    void getWhenApiRoleThenAnswersIsUserInRole() throws Exception {
        Filter admin = (request, response, chain) -> chain.doFilter(
                new HttpServletRequestWrapper((HttpServletRequest) request) {
                    @Override
                    public boolean isUserInRole(String role) {
                        return "admin".equals(role);
                    }
                }, response);
        try (ProtectedApp app = ProtectedApp.start(0, admin)) {
            ScriptedBrowser browser = new ScriptedBrowser();

            assertEquals(Map.of("inRole", true, "roles", List.of()),
                    JSONObjectUtils.parse(browser.get(app.baseUri() + "/api/role?name=admin").body()));
            assertEquals(false, JSONObjectUtils.parse(browser.get(app.baseUri() + "/api/role?name=staff").body())
                    .get("inRole"));
        }
    }

    @Test
    void getWhenNoUserThenMeIsUnauthorized() {
        try (ProtectedApp app = ProtectedApp.start(0, (request, response, chain) -> chain.doFilter(request, response))) {
            assertEquals(401, new ScriptedBrowser().get(app.baseUri() + "/me").status());
        }
    }

    @Test
    void getWhenSessionCreatedThenJsessionIdCookieIsHttpOnly() {
        Filter createsSession = (request, response, chain) -> {
            ((HttpServletRequest) request).getSession(true);
            chain.doFilter(request, response);
        };
        try (ProtectedApp app = ProtectedApp.start(0, createsSession)) {
            ScriptedBrowser browser = new ScriptedBrowser();
            ScriptedBrowser.Response page = browser.get(app.baseUri() + "/");

            assertTrue(page.header("set-cookie").orElseThrow().startsWith("JSESSIONID="));
            assertTrue(page.header("Set-Cookie").orElseThrow().contains("HttpOnly"));
            assertTrue(browser.cookie("127.0.0.1", "JSESSIONID").isPresent());
            browser.deleteCookie("JSESSIONID");
            assertTrue(browser.cookie("127.0.0.1", "JSESSIONID").isEmpty());
        }
    }

    @Test
    void startWhenFilterInitFailsThenThrowsWithTheCause() {
        Filter failing = new Filter() {
            @Override
            public void init(jakarta.servlet.FilterConfig config) {
                throw new IllegalArgumentException("bad settings");
            }

            @Override
            public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response,
                    jakarta.servlet.FilterChain chain) {
            }
        };

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> ProtectedApp.start(0, failing));

        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertEquals("bad settings", cause.getMessage());
    }
}
