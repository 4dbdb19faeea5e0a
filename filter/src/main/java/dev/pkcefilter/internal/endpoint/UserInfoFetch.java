package dev.pkcefilter.internal.endpoint;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.pkcefilter.internal.dpop.DpopKey;
import dev.pkcefilter.internal.http.ProviderCall;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.Redaction;
import java.io.IOException;
import java.util.Map;

/**
 * Fetches the user's claims from the userinfo endpoint after login (OIDC Core §5.3), with the
 * access token and the configured timeouts. Its {@code sub} must be the ID token's (§5.3.2), or
 * the login fails: the answer might be about someone else.
 */
public final class UserInfoFetch {

    private final Settings settings;

    public UserInfoFetch(Settings settings) {
        this.settings = settings;
    }

    private HTTPRequest request(Provider provider, AccessToken accessToken, DpopKey proofKey, String nonce) {
        HTTPRequest request = new UserInfoRequest(provider.userInfoEndpoint(), accessToken).toHTTPRequest();
        if (proofKey != null) {
            request.setHeader("DPoP", proofKey.proof(settings.clock().millis(), "GET", provider.userInfoEndpoint(),
                    accessToken.getValue(), nonce));
        }
        return request;
    }

    /** @param proofKey the session's DPoP key when the token is DPoP-bound (the call then carries a proof), else null */
    public Map<String, Object> fetch(Provider provider, AccessToken accessToken, String subject, DpopKey proofKey)
            throws LoginFailure {
        if (provider.userInfoEndpoint() == null) {
            throw new LoginFailure(FailureReason.USERINFO_FAILED, "userinfo.enabled is true but the provider has no userinfo_endpoint");
        }
        UserInfoResponse response;
        try {
            // With a client certificate, a certificate-bound token is good only over a connection that presents it:
            // the call uses the provider's TLS set-up.
            ProviderCall call = provider.call();
            HTTPResponse http = proofKey == null ? call.send(request(provider, accessToken, null, null))
                    : call.sendWithProof(nonce -> request(provider, accessToken, proofKey, nonce), null);
            response = UserInfoResponse.parse(http);
        } catch (IOException e) {
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE, "the userinfo endpoint could not be reached ("
                    + e.getClass().getSimpleName() + ")");
        } catch (ParseException e) {
            throw new LoginFailure(FailureReason.USERINFO_FAILED, "the userinfo answer is not a userinfo response");
        }
        if (!response.indicatesSuccess()) {
            throw new LoginFailure(FailureReason.USERINFO_FAILED, "the userinfo endpoint answered error="
                    + Redaction.errorCode(response.toErrorResponse().getErrorObject().getCode()));
        }
        UserInfo info = response.toSuccessResponse().getUserInfo();
        if (info == null || info.getSubject() == null || !subject.equals(info.getSubject().getValue())) {
            throw new LoginFailure(FailureReason.USERINFO_FAILED, "the userinfo sub is not the ID token's sub");
        }
        return info.toJSONObject();
    }
}
