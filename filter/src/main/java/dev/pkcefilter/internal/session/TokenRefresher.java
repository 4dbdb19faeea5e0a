package dev.pkcefilter.internal.session;

import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TokenUnavailableException;
import dev.pkcefilter.internal.dpop.DpopKey;
import dev.pkcefilter.internal.endpoint.TokenExchange;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.StoreKeys;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.WebSession;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.logging.Logger;

/**
 * Gives a session's access token, refreshing it first when it has expired or is about to (RFC 6749
 * §6) with the same client authentication as the login. A refresh token is used once, whichever
 * node and request get there first: on one node, concurrent callers of a session wait on its
 * {@link TokenHolder}; across nodes, and across the separate copies of one session that a shared
 * session store gives each request, the first to take the refresh token's lease in the {@link
 * ClusterStore} refreshes and publishes the outcome there, and the others adopt it. A provider with
 * refresh token rotation and reuse detection therefore never sees a token twice. A rotated refresh
 * token replaces the old one; a refused refresh ends the signed-in state (on every request that
 * waited for it, too).
 */
public final class TokenRefresher {

    private static final Logger LOG = Logger.getLogger(TokenRefresher.class.getName());
    public static final String PENDING = "pending";
    public static final String REFUSED = "refused";
    public static final String UNAVAILABLE = "unavailable";
    /** How long a refresh's outcome stays for requests still holding the old tokens. */
    public static final Duration OUTCOME_LIFETIME = Duration.ofMinutes(2);
    /** A provider outage is reported to waiters, then the next request tries again. */
    public static final Duration UNAVAILABLE_LIFETIME = Duration.ofSeconds(2);
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 200;

    private final Settings settings;
    private final SignedInState state;
    private final ProviderAvailability provider;
    private final TokenExchange tokenEndpoint;
    private final ClusterStore store;
    private final StoreKeys keys;
    private final LongConsumer pause;
    /** Longer than one refresh can take, so that a lease outlives the call that holds it. */
    private final Duration lease;

    public TokenRefresher(Settings settings, SignedInState state, ProviderAvailability provider, TokenExchange tokenEndpoint,
            ClusterStore store, StoreKeys keys, LongConsumer pause) {
        this.settings = settings;
        this.state = state;
        this.provider = provider;
        this.tokenEndpoint = tokenEndpoint;
        this.store = store;
        this.keys = keys;
        this.pause = pause;
        this.lease = settings.connectTimeout().plus(settings.readTimeout()).plusSeconds(5);
    }

    /** Waits on the calling thread: what a request that another node is refreshing for does. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenUnavailableException("interrupted while another request refreshed the tokens", false);
        }
    }

    /** @return a current access token, refreshed first when it has expired or is about to */
    public String accessToken(WebSession session) {
        return token(session, null);
    }

    /**
     * A refresh the app asks for because a resource server rejected the token (401): made once for a
     * rejected token, however many requests report it, on this node or another (the same lease as an
     * expiry's refresh); a request that reports a token already replaced gets the current one.
     *
     * @param rejected the access token the resource server rejected; not null
     * @return the new access token
     */
    public String refreshRejected(WebSession session, String rejected) {
        return token(session, rejected);
    }

    /** @param rejected the token a resource server rejected, or null to refresh only when expired */
    private String token(WebSession session, String rejected) {
        TokenHolder holder = state.tokens(session);
        SignedInUser user = state.user(session);
        if (holder == null || user == null) {
            throw new TokenUnavailableException("the session is not signed in", true);
        }
        synchronized (holder) {
            SessionTokens current = holder.current();
            long now = settings.clock().millis();
            boolean due = rejected == null ? current.expiresWithin(settings.refreshMargin().toMillis(), now)
                    : rejected.equals(current.accessToken());
            if (!due) {
                return current.accessToken();
            }
            if (current.refreshToken() == null) {
                throw end(session, rejected == null ? "the access token expired and the provider issued no refresh token"
                        : "a resource server rejected the access token and the provider issued no refresh token");
            }
            // A refresh for a rejected token has a lease of its own: an expiry's outcome, which a provider that keeps
            // its refresh tokens leaves under the same refresh token, may hold the very token that was rejected.
            String key = keys.refresh(rejected == null ? current.refreshToken()
                    : current.refreshToken() + "\u0000rejected\u0000" + rejected);
            SessionTokens fresh = store.putIfAbsent(key, PENDING, lease)
                    ? refreshAndPublish(session, user, current, key, now)
                    : outcomeOfAnother(session, user, current, key, now);
            holder.replace(fresh);
            // Set again so that replicating containers and shared session stores see the new tokens.
            session.setAttribute(state.tokensKey(), holder);
            return fresh.accessToken();
        }
    }

    /** This request holds the refresh token's lease: it refreshes, and tells the others how it went. */
    private SessionTokens refreshAndPublish(WebSession session, SignedInUser user, SessionTokens current, String key, long now) {
        Optional<Provider> known = provider.current();
        if (!known.isPresent()) {
            store.put(key, UNAVAILABLE, UNAVAILABLE_LIFETIME);
            throw new TokenUnavailableException("the provider is unavailable; try again later", false);
        }
        try {
            Tokens tokens = tokenEndpoint.refresh(known.get(), current.refreshToken(),
                    current.proofKey() == null ? null : DpopKey.fromJson(current.proofKey()));
            String idToken = tokens instanceof OIDCTokens ? ((OIDCTokens) tokens).getIDTokenString() : null;
            if (idToken != null) {
                known.get().idTokenVerifier().verifyRefreshed(idToken, user.subject());
            }
            SessionTokens fresh = SignedInState.sessionTokens(tokens, idToken, current, now, settings.defaultTokenLifetime());
            store.put(key, fresh.toStoreValue(), outcomeLifetime(fresh, now));
            return fresh;
        } catch (LoginFailure failure) {
            if (failure.reason() == FailureReason.PROVIDER_UNAVAILABLE) {
                store.put(key, UNAVAILABLE, UNAVAILABLE_LIFETIME);
                LOG.warning("pkce-filter: token refresh failed for now: " + failure.detail());
                throw new TokenUnavailableException("the provider is unavailable; try again later", false);
            }
            store.put(key, REFUSED, OUTCOME_LIFETIME);
            throw end(session, "the refresh failed: " + failure.detail());
        }
    }

    /**
     * As long as requests holding the old tokens may still come ({@link #OUTCOME_LIFETIME}), but never past the
     * moment the new access token is due itself: a later refresh with a refresh token the provider kept must not
     * adopt an outcome that has expired meanwhile.
     */
    private Duration outcomeLifetime(SessionTokens fresh, long now) {
        long due = fresh.accessTokenExpiresAtMillis() - settings.refreshMargin().toMillis() - now;
        return fresh.accessTokenExpiresAtMillis() == 0 || due >= OUTCOME_LIFETIME.toMillis() ? OUTCOME_LIFETIME
                : Duration.ofMillis(Math.max(1_000, due));
    }

    /**
     * Another request (on this node or another) holds the lease: wait for its outcome and adopt it.
     * A lease that vanishes without an outcome (its node died mid-refresh) is taken over.
     */
    private SessionTokens outcomeOfAnother(WebSession session, SignedInUser user, SessionTokens current, String key, long now) {
        long waited = 0;
        long nextPause = FIRST_PAUSE_MILLIS;
        while (true) {
            String outcome = store.get(Collections.singletonList(key)).get(0);
            if (outcome == null) {
                if (store.putIfAbsent(key, PENDING, lease)) {
                    return refreshAndPublish(session, user, current, key, now);
                }
            } else if (REFUSED.equals(outcome)) {
                throw end(session, "the refresh that another request made was refused");
            } else if (UNAVAILABLE.equals(outcome)) {
                throw new TokenUnavailableException("the provider is unavailable; try again later", false);
            } else if (!PENDING.equals(outcome)) {
                return SessionTokens.fromStoreValue(outcome).withProofKey(current.proofKey());
            }
            if (waited >= lease.toMillis()) {
                throw new TokenUnavailableException("another request is still refreshing the tokens; try again", false);
            }
            pause.accept(nextPause);
            waited += nextPause;
            nextPause = Math.min(nextPause * 2, LONGEST_PAUSE_MILLIS);
        }
    }

    private TokenUnavailableException end(WebSession session, String why) {
        state.end(session);
        LOG.warning("pkce-filter: signed-in state ended: " + why);
        return new TokenUnavailableException("sign-in required: " + why, true);
    }
}
