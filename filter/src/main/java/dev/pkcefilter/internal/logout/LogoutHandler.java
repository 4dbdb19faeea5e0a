package dev.pkcefilter.internal.logout;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import dev.pkcefilter.internal.origin.ExternalOrigin;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.session.TokenHolder;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.WebExchange;
import dev.pkcefilter.internal.web.WebSession;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.util.Collections;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs out (OIDC RP-Initiated Logout 1.0): ends the signed-in state and the session here, then
 * sends the browser to the provider's {@code end_session_endpoint} with {@code id_token_hint},
 * {@code client_id}, {@code post_logout_redirect_uri} and a fresh {@code state}, or straight to the
 * post-logout page when the provider has no such endpoint. POST only unless {@code logout.allow-get}:
 * a cross-site GET (an image tag) must not log people out; a POST whose {@code Origin} is another site
 * is refused.
 *
 * <p>The provider returns the browser to {@code logout.return-path}. The session is gone by then, so
 * the {@code state} is bound to the browser by a cookie that only that path receives; a return with
 * this browser's {@code state} goes on to {@code logout.redirect}, any other return to the app's root
 * (RP-Initiated Logout 1.0 §2 and §3: the state lets the client check that the return answers its own
 * request).
 */
public final class LogoutHandler {

    private static final Logger LOG = Logger.getLogger(LogoutHandler.class.getName());
    /** The cookie that binds a logout's {@code state} to the browser until the provider sends it back. */
    static final String STATE_COOKIE = "pkce-filter-logout";

    private final Settings settings;
    private final SignedInState state;
    private final OriginResolver origins;

    public LogoutHandler(Settings settings, SignedInState state, OriginResolver origins) {
        this.settings = settings;
        this.state = state;
        this.origins = origins;
    }

    /**
     * @param provider the signed-in user's provider, or null when it is unknown or unavailable (the local
     *     session ends either way)
     * @param registration the client at that provider, or null with it
     */
    public void logOut(WebExchange exchange, Provider provider, Registration registration) throws IOException, LoginFailure {
        String method = exchange.method();
        if (!"POST".equals(method) && !("GET".equals(method) && settings.logoutAllowsGet())) {
            exchange.setHeader("Allow", settings.logoutAllowsGet() ? "GET, POST" : "POST");
            exchange.send(405, "text/plain;charset=UTF-8", "Log out with a POST request.\n");
            return;
        }
        ExternalOrigin origin = origins.resolve(exchange);
        String requestOrigin = exchange.header("Origin").orElse(null);
        if ("POST".equals(method) && requestOrigin != null && !requestOrigin.equalsIgnoreCase(origin.origin())) {
            exchange.send(403, "text/plain;charset=UTF-8", "Cross-site logout refused.\n");
            return;
        }
        String idToken = endLocalSession(exchange);
        String afterLogout = settings.logoutRedirect().startsWith("/")
                ? origin.url(settings.logoutRedirect()) : settings.logoutRedirect();
        exchange.setHeader("Cache-Control", "no-store");
        exchange.setHeader("Referrer-Policy", "no-referrer");
        if (provider == null || registration == null || provider.endSessionEndpoint() == null || idToken == null) {
            exchange.redirect(afterLogout);
            return;
        }
        State state = new State();
        exchange.addHeader("Set-Cookie", stateCookie(origin, state.getValue(), settings.pendingLoginTtl().getSeconds()));
        // id_token_hint goes to the provider only: it is in this Location, and nowhere else.
        exchange.redirect(new LogoutRequest(provider.endSessionEndpoint(), parse(idToken), null, new ClientID(registration.clientId()),
                URI.create(origin.url(settings.logoutReturnPath())), state, null).toURI().toString());
    }

    /**
     * The provider's return after logout ({@code logout.return-path}): on to {@code logout.redirect} when the
     * {@code state} is the one this browser's logout sent, else to the app's root without trusting it. Either way
     * the state cookie is cleared: a state serves one return.
     */
    public void returned(WebExchange exchange) throws IOException, LoginFailure {
        ExternalOrigin origin = origins.resolve(exchange);
        String expected = exchange.cookie(STATE_COOKIE).orElse(null);
        String received = exchange.parameters().getOrDefault("state", Collections.<String>emptyList()).stream().findFirst()
                .orElse(null);
        exchange.addHeader("Set-Cookie", stateCookie(origin, "", 0));
        exchange.setHeader("Cache-Control", "no-store");
        exchange.setHeader("Referrer-Policy", "no-referrer");
        if (expected != null && received != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                received.getBytes(StandardCharsets.US_ASCII))) {
            exchange.redirect(settings.logoutRedirect().startsWith("/") ? origin.url(settings.logoutRedirect())
                    : settings.logoutRedirect());
            return;
        }
        // A return to a browser that started no logout is anyone's request, logged quietly; one that did start
        // one and comes back without its state is worth an operator's look.
        LOG.log(expected == null ? Level.FINE : Level.WARNING, "pkce-filter: a post-logout return "
                + (received == null ? "without a state" : expected == null ? "to a browser that started no logout"
                        : "with another browser's state") + "; sent to the app's root");
        exchange.redirect(origin.appPath() + "/");
    }

    /** Only the return path receives it: the state serves that one request. */
    private String stateCookie(ExternalOrigin origin, String value, long maxAgeSeconds) {
        return STATE_COOKIE + "=" + value + "; Path=" + origin.appPath() + settings.logoutReturnPath() + "; Max-Age="
                + maxAgeSeconds + "; HttpOnly; SameSite=Lax" + ("https".equals(origin.scheme()) ? "; Secure" : "");
    }

    /** @return the session's latest ID token (refreshes replace it), or null when it was not signed in */
    private String endLocalSession(WebExchange exchange) {
        WebSession session = exchange.session().orElse(null);
        if (session == null) {
            return null;
        }
        TokenHolder tokens = state.tokens(session);
        state.end(session);
        session.invalidate();
        return tokens == null ? null : tokens.current().idToken();
    }

    private static JWT parse(String idToken) {
        try {
            return JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new IllegalStateException("the stored ID token does not parse");
        }
    }
}
