package dev.pkcefilter;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.net.URI;

/**
 * Client authentication for calls to the token endpoint. Asked once per call, so that methods with
 * signed assertions (private_key_jwt) can make a fresh one every time (OIDC Core §9). The code
 * exchange and, later, the refresh call share it.
 */
interface ClientAuthenticator {

    /**
     * @param issuer the provider's issuer, for methods that put it in an assertion's audience
     * @param tokenEndpoint the endpoint being called
     * @return the authentication for this one call
     */
    ClientAuthentication forTokenCall(URI issuer, URI tokenEndpoint);

    /**
     * @param settings the validated settings
     * @return the authenticator for the configured method
     */
    static ClientAuthenticator from(FilterSettings settings) {
        ClientID clientId = new ClientID(settings.clientId());
        Secret secret = new Secret(settings.clientSecret());
        switch (settings.clientAuthMethod()) {
            case CLIENT_SECRET_POST:
                return (issuer, endpoint) -> new ClientSecretPost(clientId, secret);
            case CLIENT_SECRET_BASIC:
            default:
                return (issuer, endpoint) -> new ClientSecretBasic(clientId, secret);
        }
    }
}
