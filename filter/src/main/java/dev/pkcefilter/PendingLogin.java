package dev.pkcefilter;

import java.io.Serializable;

/**
 * One started login, waiting for its callback: the values the callback is checked against and the
 * PKCE verifier for the one token call (RFC 7636 §4.1). Kept in the session only, never sent to the
 * browser. Plain strings keep its serialized form small. {@link #toString()} shows no secret.
 */
final class PendingLogin implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String state;
    private final String nonce;
    private final String codeVerifier;
    private final String redirectUri;
    private final String returnTo;
    private final long createdAtMillis;

    PendingLogin(String state, String nonce, String codeVerifier, String redirectUri, String returnTo, long createdAtMillis) {
        this.state = state;
        this.nonce = nonce;
        this.codeVerifier = codeVerifier;
        this.redirectUri = redirectUri;
        this.returnTo = returnTo;
        this.createdAtMillis = createdAtMillis;
    }

    String state() { return state; }
    String nonce() { return nonce; }
    String codeVerifier() { return codeVerifier; }
    String redirectUri() { return redirectUri; }
    String returnTo() { return returnTo; }
    long createdAtMillis() { return createdAtMillis; }

    @Override
    public String toString() {
        return "PendingLogin[redirectUri=" + redirectUri + ", createdAtMillis=" + createdAtMillis + "]";
    }
}
