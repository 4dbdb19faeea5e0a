package dev.pkcefilter.internal.endpoint;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.TLSClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.pkcefilter.internal.client.ClientAuthenticator;
import dev.pkcefilter.internal.dpop.DpopKey;
import dev.pkcefilter.internal.dpop.DpopNonce;
import dev.pkcefilter.internal.http.ProviderCall;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.Redaction;
import java.io.IOException;
import java.net.URI;

/**
 * Calls to the token endpoint. The one call of a login (RFC 6749 §4.1.3 with RFC 7636 §4.5) sends
 * the code, the exact redirect_uri of the pending login, the PKCE verifier, {@code client_id} and
 * client authentication, all in the same request; a refresh (RFC 6749 §6) sends the refresh token
 * with the same client authentication. Bounded by the configured timeouts; redirects are not
 * followed. With DPoP (RFC 9449) each call carries a fresh proof of the session's key, and the
 * provider's nonce when it asks for one. Failures name the provider's error code only, never its
 * description or body.
 */
public final class TokenExchange {

    private final Settings settings;
    private final Registration registration;
    private final ClientAuthenticator authenticator;
    /**
     * The provider's latest DPoP nonce (RFC 9449 §8), or null: shared by the provider's token calls, so that most need
     * no retry. A stale one costs one retry.
     */
    private volatile String dpopNonce;

    /** @param registration the client at the provider whose token endpoint this calls */
    public TokenExchange(Settings settings, Registration registration, ClientAuthenticator authenticator) {
        this.settings = settings;
        this.registration = registration;
        this.authenticator = authenticator;
    }

    /**
     * @param provider the provider that issued the code
     * @param code the authorization code from the callback
     * @param redirectUri the redirect URI of the login's authentication request
     * @param codeVerifier the login's PKCE verifier (RFC 7636 §4.5), spent by this call
     * @param proofKey the login's DPoP key, or null without DPoP
     * @return the tokens, ID token included
     * @throws LoginFailure when the call fails or the answer is not a usable token response
     */
    public OIDCTokens exchange(Provider provider, String code, String redirectUri, String codeVerifier, DpopKey proofKey)
            throws LoginFailure {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code),
                URI.create(redirectUri), new CodeVerifier(codeVerifier));
        TokenResponse parsed = call(provider, grant, proofKey);
        if (!(parsed instanceof OIDCTokenResponse)) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, "the token response has no id_token (is the openid scope granted?)");
        }
        return ((OIDCTokenResponse) parsed).getOIDCTokens();
    }

    /**
     * @param proofKey the session's DPoP key when its tokens are DPoP-bound, else null
     * @return the new tokens; the ID token and refresh token are present only when the provider sent new ones
     * @throws LoginFailure {@link FailureReason#TOKEN_EXCHANGE_FAILED} when the provider refuses the
     *     refresh token, {@link FailureReason#PROVIDER_UNAVAILABLE} when it cannot be reached
     */
    public Tokens refresh(Provider provider, String refreshToken, DpopKey proofKey) throws LoginFailure {
        TokenResponse parsed = call(provider, new RefreshTokenGrant(new RefreshToken(refreshToken)), proofKey);
        return parsed instanceof OIDCTokenResponse ? ((OIDCTokenResponse) parsed).getOIDCTokens()
                : parsed.toSuccessResponse().getTokens();
    }

    /**
     * One token call; with a DPoP key, a fresh proof on it, and once more with the provider's nonce when it answers
     * {@code use_dpop_nonce} (RFC 9449 §8). The last nonce is kept for the next call, which then needs no retry.
     */
    private TokenResponse call(Provider provider, AuthorizationGrant grant, DpopKey proofKey) throws LoginFailure {
        ProviderCall call = provider.call();
        HTTPResponse response;
        try {
            response = proofKey == null ? call.send(request(provider, grant, null, null))
                    : call.sendWithProof(nonce -> request(provider, grant, proofKey, remembered(nonce)), dpopNonce);
        } catch (IOException e) {
            // The exception's message is about the connection, but keep to its type to be sure.
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE,
                    "the token endpoint could not be reached (" + e.getClass().getSimpleName() + ")");
        }
        if (proofKey != null && DpopNonce.askedFor(response) != null) {
            // Asked again after the retry. Not a refusal of the grant: a refresh must not end the session over the
            // provider's nonce rotation.
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE, "the token endpoint asked for a new DPoP nonce twice");
        }
        if (proofKey != null && response.getHeaderValue(DpopNonce.HEADER) != null) {
            // A newer one, sent with the answer; a stale one costs one retry.
            dpopNonce = response.getHeaderValue(DpopNonce.HEADER);
        }
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw new LoginFailure(FailureReason.TOKEN_EXCHANGE_FAILED,
                    "the token endpoint answered HTTP " + response.getStatusCode() + " with a body that is not a token response");
        }
        if (!parsed.indicatesSuccess()) {
            ErrorObject error = parsed.toErrorResponse().getErrorObject();
            throw new LoginFailure(FailureReason.TOKEN_EXCHANGE_FAILED, "the token endpoint answered HTTP "
                    + response.getStatusCode() + " error=" + Redaction.errorCode(error == null ? null : error.getCode()));
        }
        if (proofKey != null && !(parsed.toSuccessResponse().getTokens().getAccessToken() instanceof DPoPAccessToken)) {
            // Asked for with a proof: a bearer token here would not be bound to the key, whatever the settings promise.
            throw new LoginFailure(FailureReason.TOKEN_EXCHANGE_FAILED, "the token endpoint answered a "
                    + parsed.toSuccessResponse().getTokens().getAccessToken().getType() + " token to a DPoP token request");
        }
        return parsed;
    }

    /** Keeps the nonce a proof is about to carry for the provider's next token call, which then needs no retry. */
    private String remembered(String nonce) {
        if (nonce != null) {
            dpopNonce = nonce;
        }
        return nonce;
    }

    private HTTPRequest request(Provider provider, AuthorizationGrant grant, DpopKey proofKey, String nonce) {
        ClientAuthentication authentication = authenticator.forTokenCall(provider.issuer(), provider.tokenEndpoint());
        TokenRequest.Builder builder = new TokenRequest.Builder(provider.tokenEndpoint(), authentication, grant);
        if (!ClientAuthenticationMethod.CLIENT_SECRET_POST.equals(authentication.getMethod())
                && !(authentication instanceof TLSClientAuthentication)) {
            // client_secret_post and mutual TLS already carry it; for the others the body names the client too.
            builder.customParameter("client_id", registration.clientId());
        }
        HTTPRequest http = builder.build().toHTTPRequest();
        http.setAccept("application/json");
        if (proofKey != null) {
            http.setHeader("DPoP", proofKey.proof(settings.clock().millis(), "POST", provider.tokenEndpoint(), null, nonce));
        }
        return http;
    }
}
