package dev.pkcefilter.testbed;

import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Keeps authorizations in memory and notes every code and token value the provider issues, since each
 * issued token passes through {@link #save} before it leaves the server.
 */
final class RecordingAuthorizationService implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate = new InMemoryOAuth2AuthorizationService();
    private final ProviderRecorder recorder;

    RecordingAuthorizationService(ProviderRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        record(authorization.getToken(OAuth2AuthorizationCode.class));
        record(authorization.getAccessToken());
        record(authorization.getRefreshToken());
        record(authorization.getToken(OidcIdToken.class));
        delegate.save(authorization);
    }

    private void record(OAuth2Authorization.Token<? extends OAuth2Token> token) {
        if (token != null) {
            recorder.recordSecret(token.getToken().getTokenValue());
        }
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return delegate.findByToken(token, tokenType);
    }
}
