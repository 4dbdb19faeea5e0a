package dev.pkcefilter.internal.logout;

import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.internal.jwt.LogoutTokenVerifier;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.LogoutMarks;
import dev.pkcefilter.internal.store.SessionIndex;
import dev.pkcefilter.internal.store.StoreKeys;
import dev.pkcefilter.internal.web.WebExchange;
import dev.pkcefilter.internal.web.WebSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * The back-channel logout endpoint (OIDC Back-Channel Logout 1.0 §2.5): the provider POSTs a
 * {@code logout_token}; when it verifies and its {@code jti} was not seen before within its
 * lifetime on any node, every session with its {@code sid} (or else its {@code sub}) ends: this
 * node's at once, through the {@link SessionIndex}, and every other node's at its next request,
 * through the {@link LogoutMarks} in the shared {@link ClusterStore}. Answers 200, or 400 with an
 * error JSON in the filter's own words.
 */
public final class BackChannelLogout {

    private static final Logger LOG = Logger.getLogger(BackChannelLogout.class.getName());

    private final Settings settings;
    private final SignedInState state;
    private final SessionIndex index;
    private final ClusterStore store;
    private final StoreKeys keys;
    private final LogoutMarks marks;
    /** A jti must be remembered as long as the verifier would accept its token. */
    private final Duration jtiMemory;

    public BackChannelLogout(Settings settings, SignedInState state, SessionIndex index, ClusterStore store,
            StoreKeys keys, LogoutMarks marks) {
        this.settings = settings;
        this.state = state;
        this.index = index;
        this.store = store;
        this.keys = keys;
        this.marks = marks;
        this.jtiMemory = Duration.ofSeconds(LogoutTokenVerifier.MAX_AGE_SECONDS + 2L * settings.clockSkew().getSeconds());
    }

    public void serve(WebExchange exchange, Provider provider) throws IOException {
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
            String usedKey = keys.usedLogoutToken(claims.getJWTID().getValue());
            if (store.get(Collections.singletonList(usedKey)).get(0) != null) {
                throw new IllegalArgumentException("the logout token's jti was used before (replay)");
            }
            String sid = claims.getSessionID() == null ? null : claims.getSessionID().getValue();
            String sub = claims.getSubject() == null ? null : claims.getSubject().getValue();
            String issuer = claims.getIssuer().getValue();
            // Marked first, the jti recorded last: a store that fails between them answers 503, and the provider's
            // next delivery of the same token is not refused as a replay of one that ended nothing. Marking twice is
            // harmless, so two deliveries racing past the check above end the same sessions.
            marks.mark(issuer, sid, sub, claims.getIssueTime().getTime() / 1000);
            store.putIfAbsent(usedKey, "1", jtiMemory);
            List<WebSession> sessions = index.take(issuer, sid, sub);
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
}
