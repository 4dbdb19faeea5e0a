package dev.pkcefilter;

import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.oauth2.sdk.token.Tokens;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Gives a session's access token, refreshing it first when it has expired or is about to (RFC 6749
 * §6) with the same client authentication as the login. Concurrent callers of one session wait on
 * the session's {@link TokenHolder}, so one refresh serves them all. A rotated refresh token
 * replaces the old one; a refused refresh ends the signed-in state.
 */
final class TokenRefresher {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class.getName());

    private final FilterSettings settings;
    private final SignedInState state;
    private final ProviderAvailability provider;
    private final TokenExchange tokenEndpoint;

    TokenRefresher(FilterSettings settings, SignedInState state, ProviderAvailability provider, TokenExchange tokenEndpoint) {
        this.settings = settings;
        this.state = state;
        this.provider = provider;
        this.tokenEndpoint = tokenEndpoint;
    }

    String accessToken(WebSession session) {
        TokenHolder holder = state.tokens(session);
        SignedInUser user = state.user(session);
        if (holder == null || user == null) {
            throw new TokenUnavailableException("the session is not signed in", true);
        }
        synchronized (holder) {
            SessionTokens current = holder.current();
            long now = settings.clock().millis();
            if (!current.expiresWithin(settings.refreshMargin().toMillis(), now)) {
                return current.accessToken();
            }
            if (current.refreshToken() == null) {
                throw end(session, "the access token expired and the provider issued no refresh token");
            }
            SessionTokens fresh = refreshed(session, user, current, now);
            holder.replace(fresh);
            // Set again so that replicating containers see the new tokens.
            session.setAttribute(state.tokensKey(), holder);
            return fresh.accessToken();
        }
    }

    private SessionTokens refreshed(WebSession session, SignedInUser user, SessionTokens current, long now) {
        Optional<Provider> known = provider.current();
        if (!known.isPresent()) {
            throw new TokenUnavailableException("the provider is unavailable; try again later", false);
        }
        try {
            Tokens tokens = tokenEndpoint.refresh(known.get(), current.refreshToken());
            String idToken = tokens instanceof OIDCTokens ? ((OIDCTokens) tokens).getIDTokenString() : null;
            if (idToken != null) {
                known.get().idTokenVerifier().verifyRefreshed(idToken, user.subject());
            }
            return SignedInState.sessionTokens(tokens, idToken, current, now);
        } catch (LoginFailure failure) {
            if (failure.reason() == FailureReason.PROVIDER_UNAVAILABLE) {
                LOG.warning("pkce-filter: token refresh failed for now: " + failure.detail());
                throw new TokenUnavailableException("the provider is unavailable; try again later", false);
            }
            throw end(session, "the refresh failed: " + failure.detail());
        }
    }

    private TokenUnavailableException end(WebSession session, String why) {
        state.end(session);
        LOG.warning("pkce-filter: signed-in state ended: " + why);
        return new TokenUnavailableException("sign-in required: " + why, true);
    }
}
