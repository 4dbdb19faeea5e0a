package dev.pkcefilter.testbed;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The provider's clients, in a map that accepts new ones while the server runs: an app's port, and so its
 * redirect URI, is known only after the provider has started.
 */
final class ClientRegistry implements RegisteredClientRepository {

    private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();
    private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();
    private final Duration accessTokenTimeToLive;

    ClientRegistry(Duration accessTokenTimeToLive) {
        this.accessTokenTimeToLive = accessTokenTimeToLive;
    }

    /**
     * Registers a confidential client that must use PKCE; replaces one with the same client id.
     *
     * @throws IllegalArgumentException when {@code authMethod} is not {@code client_secret_basic} or
     *     {@code client_secret_post}
     */
    void register(String clientId, String clientSecret, String authMethod, String redirectUri) {
        RegisteredClient client = RegisteredClient.withId(clientId)
                .clientId(clientId)
                // {noop}: the test bed compares secrets verbatim; hashing would only slow tests down.
                .clientSecret("{noop}" + clientSecret)
                .clientAuthenticationMethod(authenticationMethod(authMethod))
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(redirectUri)
                // RP-initiated logout may return to the app's root (OIDC RP-Initiated Logout §3).
                .postLogoutRedirectUri(appRoot(redirectUri))
                .scope("openid")
                .scope("profile")
                .scope("email")
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(accessTokenTimeToLive).build())
                .build();
        save(client);
    }

    private static String appRoot(String redirectUri) {
        URI uri = URI.create(redirectUri);
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/";
    }

    private static ClientAuthenticationMethod authenticationMethod(String name) {
        Objects.requireNonNull(name, "authMethod");
        if (name.equals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue())) {
            return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        if (name.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue())) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        throw new IllegalArgumentException(
                "authMethod: expected client_secret_basic or client_secret_post, found '" + name + "'");
    }

    @Override
    public void save(RegisteredClient client) {
        byId.put(client.getId(), client);
        byClientId.put(client.getClientId(), client);
    }

    @Override
    public RegisteredClient findById(String id) {
        return byId.get(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return byClientId.get(clientId);
    }
}
