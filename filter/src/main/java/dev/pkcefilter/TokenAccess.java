package dev.pkcefilter;

import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The signed-in user's access token, for calling APIs on the user's behalf. A signed-in request
 * carries one as request attribute {@value #REQUEST_ATTRIBUTE}:
 *
 * <pre>{@code
 * TokenAccess tokens = (TokenAccess) request.getAttribute(TokenAccess.REQUEST_ATTRIBUTE);
 * HttpRequest.Builder call = HttpRequest.newBuilder(uri)
 *         .header("Authorization", tokens.authorizationHeader());   // refreshed first when about to expire
 * tokens.dpopProof("GET", uri, null).ifPresent(proof -> call.header("DPoP", proof));
 * }</pre>
 *
 * <p>With {@code dpop=true} the token is bound to the session's key (RFC 9449): it goes in a {@code DPoP}
 * Authorization header, and every call needs a fresh proof from {@link #dpopProof}. With a client certificate
 * ({@code client.tls.certificate}) the provider may bind the token to it (RFC 8705): make the call through
 * {@link #tlsContext()}.
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

    /**
     * Refreshes the access token because a resource server rejected it (HTTP 401 with {@code invalid_token}), for
     * tokens the provider revoked or that expired before the filter expected. Concurrent reports of the same token,
     * on this node or another, refresh once: a report of a token that was already replaced gets the current one.
     *
     * <pre>{@code
     * String token = tokens.accessToken();
     * HttpResponse<String> answer = call(api, token);
     * if (answer.statusCode() == 401) {
     *     answer = call(api, tokens.refresh(token));   // once: a second 401 is the API's answer
     * }
     * }</pre>
     *
     * @param rejectedAccessToken the token the resource server rejected, as {@link #accessToken()} gave it; not null
     * @return a new access token
     * @throws TokenUnavailableException as {@link #accessToken()} does; {@link TokenUnavailableException#loginRequired()}
     *     when the provider issued no refresh token or refuses the refresh (the signed-in state has then ended)
     */
    default String refresh(String rejectedAccessToken) {
        return accessToken();
    }

    /**
     * @return the {@code Authorization} header value for a call with a current access token: {@code Bearer <token>},
     *     or {@code DPoP <token>} for a DPoP-bound one (RFC 9449 §7.1)
     * @throws TokenUnavailableException as {@link #accessToken()} does
     */
    default String authorizationHeader() {
        return "Bearer " + accessToken();
    }

    /**
     * A fresh DPoP proof (RFC 9449 §4.2, §7) for one call with the access token, to send as the {@code DPoP} header
     * beside {@link #authorizationHeader()}: it names the method, the URL (without query and fragment) and the hash
     * of the token the last {@code authorizationHeader()} or {@code accessToken()} of this instance gave (so a refresh
     * in between cannot make them differ), and is good for that one call. Ask for a new one for each call.
     *
     * @param method the HTTP method of the call, such as {@code GET}; not null
     * @param url the URL called; not null
     * @param nonce the resource server's {@code DPoP-Nonce}, when it answered 401 with {@code use_dpop_nonce} and
     *     the call is made again (RFC 9449 §9); null otherwise
     * @return the proof; empty when the token is a bearer token
     * @throws TokenUnavailableException as {@link #accessToken()} does
     */
    default Optional<String> dpopProof(String method, URI url, String nonce) {
        return Optional.empty();
    }

    /**
     * The TLS context for calls with a certificate-bound access token (RFC 8705 §3): it presents the client
     * certificate of {@code client.tls.certificate}, to which the provider bound the token, and trusts the
     * certificates of {@code tls.trust-store} (the JVM's without it). Use it for the API connection, for example
     * {@code connection.setSSLSocketFactory(context.getSocketFactory())} on an {@code HttpsURLConnection}, or
     * {@code HttpClient.newBuilder().sslContext(context)} on Java 11; a bound token sent over a connection without
     * the certificate is refused by the API. The context is the app's own: what the app does with it does not
     * change the filter's calls to the provider.
     *
     * @return the context; empty when the user's provider has no client certificate configured
     */
    default Optional<SSLContext> tlsContext() {
        return Optional.empty();
    }
}
