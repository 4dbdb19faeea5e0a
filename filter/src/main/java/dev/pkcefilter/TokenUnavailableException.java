package dev.pkcefilter;

/**
 * No access token could be had for the signed-in user. Its message names the reason in the
 * filter's own words; it never contains a token or a provider's response.
 */
public final class TokenUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean loginRequired;

    /**
     * @param message the reason, in the filter's own words
     * @param loginRequired whether the signed-in state has ended and a new login is needed
     */
    public TokenUnavailableException(String message, boolean loginRequired) {
        super(message, null, false, false);
        this.loginRequired = loginRequired;
    }

    /**
     * @return true when the user must sign in again (the refresh token is gone or was refused);
     *     false when the provider could not be reached and a later call may succeed
     */
    public boolean loginRequired() {
        return loginRequired;
    }
}
