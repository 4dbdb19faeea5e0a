package dev.pkcefilter.internal.engine;

import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.TokenUnavailableException;
import dev.pkcefilter.internal.dpop.DpopKey;
import dev.pkcefilter.internal.session.SessionTokens;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.session.TokenHolder;
import dev.pkcefilter.internal.tls.ProviderTls;
import dev.pkcefilter.internal.web.StoreUnavailable;
import dev.pkcefilter.internal.web.WebSession;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * The app's view of one signed-in session's tokens: refreshed by the user's provider when due, and for DPoP-bound
 * tokens (RFC 9449) with a fresh proof per call, signed with the session's key, and for certificate-bound ones
 * (RFC 8705) with the TLS context that presents the client certificate.
 */
final class SessionTokenAccess implements TokenAccess {

    private final WebSession session;
    private final SignedInState state;
    private final ProviderRoutes routes;
    private final Clock clock;
    /**
     * The token the last {@link #accessToken()} or {@link #authorizationHeader()} gave, so that the proof names the
     * one the app sends even when a refresh came in between.
     */
    private volatile String lastToken;

    SessionTokenAccess(WebSession session, SignedInState state, ProviderRoutes routes, Clock clock) {
        this.session = session;
        this.state = state;
        this.routes = routes;
        this.clock = clock;
    }

    @Override
    public String accessToken() {
        return remembered(route -> route.refresher().accessToken(session));
    }

    @Override
    public String refresh(String rejectedAccessToken) {
        Objects.requireNonNull(rejectedAccessToken, "rejectedAccessToken");
        return remembered(route -> route.refresher().refreshRejected(session, rejectedAccessToken));
    }

    /** Asks the user's provider's refresher, remembers the token for {@link #dpopProof}, and speaks TokenAccess's terms. */
    private String remembered(Function<ProviderRoute, String> ask) {
        String token = unlessStoreFails(() -> {
            ProviderRoute route = routes.of(state.user(session));
            if (route == null) {
                throw new TokenUnavailableException("the session is not signed in with a configured provider", true);
            }
            return ask.apply(route);
        });
        lastToken = token;
        return token;
    }

    /** The app sees {@link TokenUnavailableException}, never the filter's own store failure. */
    private static <T> T unlessStoreFails(Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreUnavailable e) {
            throw new TokenUnavailableException("the session store or cluster.store is unavailable; try again later", false);
        }
    }

    @Override
    public String authorizationHeader() {
        String token = accessToken();
        return (proofKey() == null ? "Bearer " : "DPoP ") + token;
    }

    @Override
    public Optional<String> dpopProof(String method, URI url, String nonce) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        String token = lastToken != null ? lastToken : accessToken();
        String key = proofKey();
        return key == null ? Optional.empty()
                : Optional.of(DpopKey.fromJson(key).proof(clock.millis(), method, url, token, nonce));
    }

    @Override
    public Optional<SSLContext> tlsContext() {
        ProviderRoute route = unlessStoreFails(() -> routes.of(state.user(session)));
        ProviderTls tls = route == null ? null : route.registration().tls();
        return tls == null || tls.appContext() == null ? Optional.empty() : Optional.of(tls.appContext());
    }

    private String proofKey() {
        return unlessStoreFails(() -> {
            TokenHolder holder = state.tokens(session);
            SessionTokens current = holder == null ? null : holder.current();
            return current == null ? null : current.proofKey();
        });
    }
}
