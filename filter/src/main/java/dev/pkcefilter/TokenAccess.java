package dev.pkcefilter;

/**
 * The signed-in user's access token, for calling APIs on the user's behalf. A signed-in request
 * carries one as request attribute {@value #REQUEST_ATTRIBUTE}:
 *
 * <pre>{@code
 * TokenAccess tokens = (TokenAccess) request.getAttribute(TokenAccess.REQUEST_ATTRIBUTE);
 * String bearer = tokens.accessToken();   // refreshed first when it is about to expire
 * }</pre>
 *
 * <p>Thread-safe. Concurrent requests of one session refresh once, not once each. The token is a
 * secret: send it only to the APIs it is meant for, never log it.
 */
public interface TokenAccess {

    /** The request attribute under which a signed-in request carries its {@code TokenAccess}. */
    String REQUEST_ATTRIBUTE = "dev.pkcefilter.tokens";

    /**
     * @return a current access token, refreshed first (with the same client authentication as the
     *     login) when it has expired or expires within {@code tokens.refresh-margin-seconds}
     * @throws TokenUnavailableException when no token can be had; {@link
     *     TokenUnavailableException#loginRequired()} says whether the user must sign in again (the
     *     signed-in state has then ended) or the provider is only unreachable for now
     */
    String accessToken();
}
