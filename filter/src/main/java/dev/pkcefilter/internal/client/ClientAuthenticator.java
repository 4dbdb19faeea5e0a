package dev.pkcefilter.internal.client;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PKITLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.SelfSignedTLSClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import java.net.URI;

/**
 * Client authentication for calls to the token endpoint. Asked once per call, so that methods with
 * signed assertions make a fresh one every time (OIDC Core §9: an assertion is used once). The
 * code exchange and, later, the refresh call share it.
 */
public interface ClientAuthenticator {

    /**
     * @param issuer the provider's issuer, for methods that put it in an assertion's audience
     * @param tokenEndpoint the endpoint being called
     * @return the authentication for this one call
     */
    ClientAuthentication forTokenCall(URI issuer, URI tokenEndpoint);

    /**
     * For a pushed authorization request (RFC 9126 §2): an assertion's audience is always the issuer,
     * whatever {@code client.assertion.audience} says. The endpoints come from the provider's
     * metadata, and an assertion naming another provider's token endpoint, posted to this one's PAR
     * endpoint, could be replayed there.
     *
     * @param issuer the provider's issuer
     * @return the authentication for this one call
     */
    default ClientAuthentication forPushedRequest(URI issuer) {
        return forTokenCall(issuer, issuer);
    }

    /**
     * @param settings the validated settings
     * @param registration the client at one provider
     * @return the authenticator for the client's method
     */
    static ClientAuthenticator from(Settings settings, Registration registration) {
        ClientID clientId = new ClientID(registration.clientId());
        switch (registration.clientAuthMethod()) {
            case PRIVATE_KEY_JWT:
            case CLIENT_SECRET_JWT:
                return new ClientAssertions(settings, registration);
            case TLS_CLIENT_AUTH:
                // The certificate goes in the TLS handshake; Nimbus puts client_id in the body (RFC 8705 §2).
                return (issuer, endpoint) -> new PKITLSClientAuthentication(clientId, registration.tls().socketFactory());
            case SELF_SIGNED_TLS_CLIENT_AUTH:
                return (issuer, endpoint) -> new SelfSignedTLSClientAuthentication(clientId, registration.tls().socketFactory());
            case CLIENT_SECRET_POST:
                Secret postSecret = new Secret(registration.clientSecret());
                return (issuer, endpoint) -> new ClientSecretPost(clientId, postSecret);
            case CLIENT_SECRET_BASIC:
            default:
                Secret basicSecret = new Secret(registration.clientSecret());
                return (issuer, endpoint) -> new ClientSecretBasic(clientId, basicSecret);
        }
    }
}
