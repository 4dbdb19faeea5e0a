package dev.pkcefilter;

import java.io.Serializable;

/**
 * The tokens of a signed-in session, kept server side in the session for later use (refresh,
 * logout, downstream calls). Never sent to the browser; {@link #toString()} shows no token.
 */
final class SessionTokens implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String accessToken;
    private final String refreshToken;
    private final String idToken;
    private final long accessTokenExpiresAtMillis;

    SessionTokens(String accessToken, String refreshToken, String idToken, long accessTokenExpiresAtMillis) {
        this.accessToken = accessToken;
        this.refreshToken = refreshToken;
        this.idToken = idToken;
        this.accessTokenExpiresAtMillis = accessTokenExpiresAtMillis;
    }

    String accessToken() { return accessToken; }

    /** @return the refresh token, or null when the provider issued none */
    String refreshToken() { return refreshToken; }

    String idToken() { return idToken; }

    /** @return whether the access token has expired or will within the margin; never, when its lifetime is unknown */
    boolean expiresWithin(long marginMillis, long nowMillis) {
        return accessTokenExpiresAtMillis > 0 && nowMillis + marginMillis >= accessTokenExpiresAtMillis;
    }

    @Override
    public String toString() {
        return "SessionTokens[accessToken=******, refreshToken=" + (refreshToken == null ? "(none)" : "******")
                + ", idToken=******]";
    }
}
