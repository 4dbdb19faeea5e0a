package dev.pkcefilter.testbed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps authorizations in memory and notes every code and token value the provider issues, since each
 * issued token passes through {@link #save} before it leaves the server. Remembers the ids of the
 * authorizations it holds, which the in-memory store cannot list, so that tests can revoke them all.
 *
 * <p>Looking an authorization up by a token goes through an index of the values saved (the {@code state}, the code
 * and the tokens): Spring's in-memory store reads every authorization it holds for each lookup, which made the
 * lookups of tomcat-cluster's 1000 logins 13 % of its test JVM's CPU samples. The found authorization is still
 * checked by Spring's own matching, and a value the index does not know is looked up as before.
 *
 * <p>Every call holds this object's lock: Spring's in-memory store is not safe for concurrent use (its
 * {@code findByToken} iterates a map that a concurrent {@code save} changes), and under a load of concurrent
 * logins that made a token call fail with a 500 that the provider turned into a redirect to its login page.
 */
final class RecordingAuthorizationService implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate = new InMemoryOAuth2AuthorizationService();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    /** Each saved state, code and token value, to the id of the authorization that held it when saved. */
    private final Map<String, String> idByValue = new HashMap<>();
    private final ProviderRecorder recorder;

    RecordingAuthorizationService(ProviderRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public synchronized void save(OAuth2Authorization authorization) {
        record(authorization.getToken(OAuth2AuthorizationCode.class));
        record(authorization.getAccessToken());
        record(authorization.getRefreshToken());
        OAuth2Authorization.Token<OidcIdToken> idToken = authorization.getToken(OidcIdToken.class);
        if (idToken != null) {
            recorder.recordIdToken(idToken.getToken().getTokenValue());
        }
        delegate.save(authorization);
        ids.add(authorization.getId());
        index(authorization);
    }

    private void index(OAuth2Authorization authorization) {
        List<Object> values = new ArrayList<>();
        values.add(authorization.getAttribute(OAuth2ParameterNames.STATE));
        for (Class<? extends OAuth2Token> type : List.of(OAuth2AuthorizationCode.class, OAuth2AccessToken.class,
                OAuth2RefreshToken.class, OidcIdToken.class)) {
            OAuth2Authorization.Token<? extends OAuth2Token> token = authorization.getToken(type);
            values.add(token == null ? null : token.getToken().getTokenValue());
        }
        for (Object value : values) {
            if (value instanceof String text) {
                idByValue.put(text, authorization.getId());
            }
        }
    }

    private void record(OAuth2Authorization.Token<? extends OAuth2Token> token) {
        if (token != null) {
            recorder.recordSecret(token.getToken().getTokenValue());
        }
    }

    /**
     * Marks every refresh token held so far as invalidated, as the revocation endpoint does (RFC 7009 §2.1), so
     * that the next refresh with one of them is answered {@code invalid_grant}.
     *
     * @return how many refresh tokens were revoked
     */
    synchronized int revokeRefreshTokens() {
        int revoked = 0;
        for (String id : ids) {
            OAuth2Authorization authorization = delegate.findById(id);
            OAuth2Authorization.Token<OAuth2RefreshToken> refresh =
                    authorization == null ? null : authorization.getRefreshToken();
            if (refresh != null && !refresh.isInvalidated()) {
                delegate.save(OAuth2Authorization.from(authorization).invalidate(refresh.getToken()).build());
                revoked++;
            }
        }
        return revoked;
    }

    @Override
    public synchronized void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
        ids.remove(authorization.getId());
    }

    @Override
    public synchronized OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public synchronized OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        String id = idByValue.get(token);
        OAuth2Authorization candidate = id == null ? null : delegate.findById(id);
        if (candidate != null) {
            // Spring's matching of the value and its type, over this one authorization.
            OAuth2Authorization found = new InMemoryOAuth2AuthorizationService(candidate).findByToken(token, tokenType);
            if (found != null) {
                return found;
            }
        }
        return delegate.findByToken(token, tokenType);
    }
}
