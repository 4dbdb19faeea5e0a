package dev.pkcefilter.internal.logout;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import dev.pkcefilter.internal.engine.LoginFailure;
import dev.pkcefilter.internal.engine.WebExchange;
import dev.pkcefilter.internal.engine.WebSession;
import dev.pkcefilter.internal.origin.ExternalOrigin;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.session.TokenHolder;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;

/**
 * Logs out (OIDC RP-Initiated Logout 1.0): ends the signed-in state and the session here, then
 * sends the browser to the provider's {@code end_session_endpoint} with {@code id_token_hint},
 * {@code client_id} and {@code post_logout_redirect_uri}, or straight to the post-logout page when
 * the provider has no such endpoint. POST only unless {@code logout.allow-get}: a cross-site GET
 * (an image tag) must not log people out; a POST whose {@code Origin} is another site is refused.
 */
public final class LogoutHandler {

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
        // id_token_hint goes to the provider only: it is in this Location, and nowhere else.
        exchange.redirect(new LogoutRequest(provider.endSessionEndpoint(), parse(idToken), null, new ClientID(registration.clientId()),
                URI.create(afterLogout), null, null).toURI().toString());
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
