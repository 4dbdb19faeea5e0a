package dev.pkcefilter.internal.login;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.pkcefilter.internal.client.ProofKey;
import dev.pkcefilter.internal.engine.FailureReason;
import dev.pkcefilter.internal.engine.LoginFailure;
import dev.pkcefilter.internal.engine.Redaction;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.settings.Settings;
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

    private HTTPRequest request(Provider provider, AccessToken accessToken, ProofKey proofKey, String nonce) {
        HTTPRequest request = new UserInfoRequest(provider.userInfoEndpoint(), accessToken).toHTTPRequest();
        // With a client certificate, a certificate-bound token is good only over a connection that presents it.
        provider.tls().applyTo(request);
        request.setConnectTimeout((int) settings.connectTimeout().toMillis());
        request.setReadTimeout((int) settings.readTimeout().toMillis());
        request.setFollowRedirects(false);
        if (proofKey != null) {
            request.setHeader("DPoP", proofKey.proof(settings.clock().millis(), "GET", provider.userInfoEndpoint(),
                    accessToken.getValue(), nonce));
        }
        return request;
    }

    /** @param proofKey the session's DPoP key when the token is DPoP-bound (the call then carries a proof), else null */
    public Map<String, Object> fetch(Provider provider, AccessToken accessToken, String subject, ProofKey proofKey)
            throws LoginFailure {
        if (provider.userInfoEndpoint() == null) {
            throw new LoginFailure(FailureReason.USERINFO_FAILED, "userinfo.enabled is true but the provider has no userinfo_endpoint");
        }
        UserInfoResponse response;
        try {
            HTTPResponse http = request(provider, accessToken, proofKey, null).send();
            String nonce = http.getHeaderValue("DPoP-Nonce");
            if (proofKey != null && http.getStatusCode() == 401 && nonce != null) {
                // RFC 9449 §9: the resource asks for its nonce in the proof; once.
                http = request(provider, accessToken, proofKey, nonce).send();
            }
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
