package dev.pkcefilter.internal.endpoint;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import dev.pkcefilter.internal.client.ClientAuthenticator;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.Redaction;
import java.io.IOException;
import java.net.URI;

/**
 * Pushed authorization requests (RFC 9126): the authentication request goes to the provider's
 * {@code pushed_authorization_request_endpoint} directly, with the same client authentication as the token call
 * (§2.1), and the browser is sent with only {@code client_id} and the {@code request_uri} the provider answered
 * (§4). Nothing of the request (the PKCE challenge, the nonce, the redirect URI, the scopes) passes through the
 * browser, and the provider knows the client before any user interaction.
 */
public final class PushedRequests {

    private final ClientAuthenticator authenticator;

    /** @param authenticator the client authentication of the provider's token calls, used for the push too */
    public PushedRequests(ClientAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /**
     * @param provider a provider with a push endpoint ({@link Provider#pushEndpoint()})
     * @param query the complete authentication request's query, as the browser would otherwise carry it
     * @return the {@code request_uri} to send the browser with
     * @throws LoginFailure {@link FailureReason#PUSHED_REQUEST_REFUSED} when the provider refuses the request,
     *     {@link FailureReason#PROVIDER_UNAVAILABLE} when it cannot be reached
     */
    public URI push(Provider provider, String query) throws LoginFailure {
        AuthenticationRequest request;
        try {
            request = AuthenticationRequest.parse(provider.authorizationEndpoint(), URLUtils.parseParameters(query));
        } catch (ParseException e) {
            // Built by this filter a moment ago: not something a request can cause.
            throw new IllegalStateException("the filter's own authentication request does not parse");
        }
        HTTPRequest http = new PushedAuthorizationRequest(provider.pushEndpoint(),
                authenticator.forPushedRequest(provider.issuer()), request).toHTTPRequest();
        http.setAccept("application/json");
        HTTPResponse response;
        try {
            response = provider.call().send(http);
        } catch (IOException e) {
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE,
                    "the pushed authorization request endpoint could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        if (response.getStatusCode() >= 500) {
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE, "the pushed authorization request endpoint answered HTTP "
                    + response.getStatusCode());
        }
        PushedAuthorizationResponse parsed;
        try {
            parsed = PushedAuthorizationResponse.parse(response);
        } catch (ParseException e) {
            throw new LoginFailure(FailureReason.PUSHED_REQUEST_REFUSED, "the pushed authorization request endpoint answered HTTP "
                    + response.getStatusCode() + " with a body that is not a pushed authorization response");
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = parsed.toErrorResponse().getErrorObject();
            throw new LoginFailure(FailureReason.PUSHED_REQUEST_REFUSED, "the pushed authorization request endpoint answered HTTP "
                    + response.getStatusCode() + " error=" + Redaction.errorCode(error == null ? null : error.getCode()));
        }
        return parsed.toSuccessResponse().getRequestURI();
    }
}
