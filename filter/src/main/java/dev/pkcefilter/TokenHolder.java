package dev.pkcefilter;

import java.io.Serializable;

/**
 * The session's current tokens, replaced as a whole on refresh. It stays the same object for the
 * session's life on a node, so it is also the lock that makes concurrent requests refresh once.
 */
final class TokenHolder implements Serializable {

    private static final long serialVersionUID = 1L;

    private volatile SessionTokens current;

    TokenHolder(SessionTokens current) {
        this.current = current;
    }

    SessionTokens current() {
        return current;
    }

    void replace(SessionTokens fresh) {
        current = fresh;
    }

    @Override
    public String toString() {
        return "TokenHolder[" + current + "]";
    }
}
