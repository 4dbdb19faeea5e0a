package dev.pkcefilter.internal.provider;

import dev.pkcefilter.internal.http.ProviderCall;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.jwt.LogoutTokenVerifier;
import dev.pkcefilter.internal.tls.ProviderTls;
import java.net.URI;

/**
 * What the filter uses of a discovered provider: its endpoints (the {@code mtls_endpoint_aliases} ones for a client
 * with a certificate, RFC 8705 §5), whether it sends the RFC 9207 {@code iss} parameter, the verifier for its ID
 * tokens, and how calls to it are made (TLS, timeouts). Immutable; replaced as a whole.
 */
public final class Provider {

    private final URI issuer;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final boolean sendsIssuerParameter;
    private final IdTokenVerifier idTokenVerifier;
    private final URI endSessionEndpoint;
    private final URI userInfoEndpoint;
    private final LogoutTokenVerifier logoutTokenVerifier;
    private final boolean formPost;
    /** Where authorization requests are pushed (RFC 9126); null when they go through the browser. */
    private final URI pushEndpoint;
    private final ProviderCall call;

    public Provider(URI issuer, URI authorizationEndpoint, URI tokenEndpoint, boolean sendsIssuerParameter,
            IdTokenVerifier idTokenVerifier) {
        this(issuer, authorizationEndpoint, tokenEndpoint, sendsIssuerParameter, idTokenVerifier, null, null, null, false, null,
                ProviderCall.DEFAULT);
    }

    private Provider(URI issuer, URI authorizationEndpoint, URI tokenEndpoint, boolean sendsIssuerParameter,
            IdTokenVerifier idTokenVerifier, URI endSessionEndpoint, URI userInfoEndpoint, LogoutTokenVerifier logoutTokenVerifier,
            boolean formPost, URI pushEndpoint, ProviderCall call) {
        this.issuer = issuer;
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.sendsIssuerParameter = sendsIssuerParameter;
        this.idTokenVerifier = idTokenVerifier;
        this.endSessionEndpoint = endSessionEndpoint;
        this.userInfoEndpoint = userInfoEndpoint;
        this.logoutTokenVerifier = logoutTokenVerifier;
        this.formPost = formPost;
        this.pushEndpoint = pushEndpoint;
        this.call = call;
    }

    /** @return a copy that also knows the endpoints used after login */
    public Provider withSessionEndpoints(URI endSession, URI userInfo, LogoutTokenVerifier logoutTokens) {
        return new Provider(issuer, authorizationEndpoint, tokenEndpoint, sendsIssuerParameter, idTokenVerifier, endSession,
                userInfo, logoutTokens, formPost, pushEndpoint, call);
    }

    /** @return a copy whose logins ask for {@code response_mode=form_post} */
    public Provider withFormPost() {
        return new Provider(issuer, authorizationEndpoint, tokenEndpoint, sendsIssuerParameter, idTokenVerifier,
                endSessionEndpoint, userInfoEndpoint, logoutTokenVerifier, true, pushEndpoint, call);
    }

    /** @return a copy whose logins push their authorization requests to this endpoint (RFC 9126) */
    public Provider withPushedRequests(URI endpoint) {
        return new Provider(issuer, authorizationEndpoint, tokenEndpoint, sendsIssuerParameter, idTokenVerifier,
                endSessionEndpoint, userInfoEndpoint, logoutTokenVerifier, formPost, endpoint, call);
    }

    /** @return a copy whose calls to the provider are made so: its TLS set-up and the settings' timeouts */
    public Provider withCall(ProviderCall providerCall) {
        return new Provider(issuer, authorizationEndpoint, tokenEndpoint, sendsIssuerParameter, idTokenVerifier,
                endSessionEndpoint, userInfoEndpoint, logoutTokenVerifier, formPost, pushEndpoint, providerCall);
    }

    /** @return how the filter calls the provider (token, PAR, userinfo) */
    public ProviderCall call() { return call; }

    /** @return how calls to the provider do TLS */
    public ProviderTls tls() { return call.tls(); }

    /** @return the pushed authorization request endpoint when logins use it (RFC 9126), else null */
    public URI pushEndpoint() { return pushEndpoint; }

    /** @return whether logins ask for {@code response_mode=form_post}: the setting, or {@code auto} and the metadata */
    public boolean formPost() { return formPost; }

    /** @return the RP-Initiated Logout endpoint, or null when the provider has none */
    public URI endSessionEndpoint() { return endSessionEndpoint; }

    /** @return the userinfo endpoint, or null when the provider has none */
    public URI userInfoEndpoint() { return userInfoEndpoint; }

    public LogoutTokenVerifier logoutTokenVerifier() { return logoutTokenVerifier; }

    public URI issuer() { return issuer; }
    public URI authorizationEndpoint() { return authorizationEndpoint; }
    public URI tokenEndpoint() { return tokenEndpoint; }

    /** @return whether the metadata says {@code authorization_response_iss_parameter_supported} (RFC 9207 §3) */
    public boolean sendsIssuerParameter() { return sendsIssuerParameter; }

    public IdTokenVerifier idTokenVerifier() { return idTokenVerifier; }
}
