package dev.pkcefilter;

import java.net.URI;

/**
 * What the filter uses of a discovered provider: its endpoints, whether it sends the RFC 9207
 * {@code iss} parameter, and the verifier for its ID tokens. Immutable; replaced as a whole.
 */
final class Provider {

    private final URI issuer;
    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final boolean sendsIssuerParameter;
    private final IdTokenVerifier idTokenVerifier;
    private URI endSessionEndpoint;
    private URI userInfoEndpoint;
    private LogoutTokenVerifier logoutTokenVerifier;

    Provider(URI issuer, URI authorizationEndpoint, URI tokenEndpoint, boolean sendsIssuerParameter,
            IdTokenVerifier idTokenVerifier) {
        this.issuer = issuer;
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.sendsIssuerParameter = sendsIssuerParameter;
        this.idTokenVerifier = idTokenVerifier;
    }

    /** Adds the endpoints used after login; called once, before the provider is published. */
    Provider withSessionEndpoints(URI endSession, URI userInfo, LogoutTokenVerifier logoutTokens) {
        this.endSessionEndpoint = endSession;
        this.userInfoEndpoint = userInfo;
        this.logoutTokenVerifier = logoutTokens;
        return this;
    }

    /** @return the RP-Initiated Logout endpoint, or null when the provider has none */
    URI endSessionEndpoint() { return endSessionEndpoint; }

    /** @return the userinfo endpoint, or null when the provider has none */
    URI userInfoEndpoint() { return userInfoEndpoint; }

    LogoutTokenVerifier logoutTokenVerifier() { return logoutTokenVerifier; }

    URI issuer() { return issuer; }
    URI authorizationEndpoint() { return authorizationEndpoint; }
    URI tokenEndpoint() { return tokenEndpoint; }

    /** @return whether the metadata says {@code authorization_response_iss_parameter_supported} (RFC 9207 §3) */
    boolean sendsIssuerParameter() { return sendsIssuerParameter; }

    IdTokenVerifier idTokenVerifier() { return idTokenVerifier; }
}
