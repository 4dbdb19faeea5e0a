package dev.pkcefilter;

import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The back-channel logout endpoint (OIDC Back-Channel Logout 1.0 §2.5): the provider POSTs a
 * {@code logout_token}; when it verifies and its {@code jti} was not seen before within its
 * lifetime, every session of this node with its {@code sid} (or else its {@code sub}) ends.
 * Answers 200, or 400 with an error JSON in the filter's own words.
 */
final class BackChannelLogout {

    private static final Logger LOG = Logger.getLogger(BackChannelLogout.class.getName());
    private static final int MAX_REMEMBERED_JTIS = 10_000;

    private final FilterSettings settings;
    private final SignedInState state;
    private final SessionIndex index;
    /** jti → when it may be forgotten; insertion order is expiry order, since the lifetime is fixed. */
    private final LinkedHashMap<String, Long> seenJtis = new LinkedHashMap<>();

    BackChannelLogout(FilterSettings settings, SignedInState state, SessionIndex index) {
        this.settings = settings;
        this.state = state;
        this.index = index;
    }

    void serve(WebExchange exchange, Provider provider) throws IOException {
        exchange.setHeader("Cache-Control", "no-store");
        if (!"POST".equals(exchange.method())) {
            exchange.setHeader("Allow", "POST");
            exchange.send(405, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"POST only\"}");
            return;
        }
        String token = exchange.formParameter("logout_token").orElse(null);
        try {
            if (token == null) {
                throw new IllegalArgumentException("the request has no logout_token");
            }
            long now = settings.clock().millis();
            LogoutTokenClaimsSet claims = provider.logoutTokenVerifier().verify(token, now);
            rememberJti(claims.getJWTID().getValue(), now);
            String sid = claims.getSessionID() == null ? null : claims.getSessionID().getValue();
            String sub = claims.getSubject() == null ? null : claims.getSubject().getValue();
            List<WebSession> sessions = index.take(sid, sub);
            for (WebSession session : sessions) {
                state.end(session);
                session.invalidate();
            }
            LOG.info("pkce-filter: back-channel logout ended " + sessions.size() + " session(s)");
            exchange.send(200, "application/json", "{}");
        } catch (IllegalArgumentException rejected) {
            LOG.warning("pkce-filter: back-channel logout rejected: " + rejected.getMessage());
            exchange.send(400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\""
                    + rejected.getMessage().replace("\"", "'") + "\"}");
        }
    }

    /** @throws IllegalArgumentException when the jti was seen within the token age the verifier accepts */
    private synchronized void rememberJti(String jti, long now) {
        for (Iterator<Map.Entry<String, Long>> it = seenJtis.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() > now) {
                break;
            }
            it.remove();
        }
        if (seenJtis.containsKey(jti)) {
            throw new IllegalArgumentException("the logout token's jti was used before (replay)");
        }
        if (seenJtis.size() >= MAX_REMEMBERED_JTIS) {
            throw new IllegalArgumentException("too many logout tokens at once; try again shortly");
        }
        long forgetAt = now + (LogoutTokenVerifier.MAX_AGE_SECONDS + 2L * settings.clockSkew().getSeconds()) * 1000L;
        seenJtis.put(jti, forgetAt);
    }
}
