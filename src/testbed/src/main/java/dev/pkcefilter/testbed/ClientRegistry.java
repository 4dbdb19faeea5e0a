package dev.pkcefilter.testbed;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The provider's clients, in a map that accepts new ones while the server runs: an app's port, and so its
 * redirect URI, is known only after the provider has started.
 */
final class ClientRegistry implements RegisteredClientRepository {

    /** HS256 needs a key of at least 256 bits (RFC 7518 §3.2); Nimbus refuses shorter ones. */
    static final int MIN_HMAC_SECRET_BYTES = 32;

    private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();
    private final Map<String, RegisteredClient> byClientId = new ConcurrentHashMap<>();
    private final Duration accessTokenTimeToLive;
    private final boolean reuseRefreshTokens;

    /** @param reuseRefreshTokens false to issue a new refresh token on every refresh (rotation) */
    ClientRegistry(Duration accessTokenTimeToLive, boolean reuseRefreshTokens) {
        this.accessTokenTimeToLive = accessTokenTimeToLive;
        this.reuseRefreshTokens = reuseRefreshTokens;
    }

    /**
     * Registers a confidential client that must use PKCE; replaces one with the same client id.
     *
     * @throws IllegalArgumentException when {@code authMethod} is not {@code client_secret_basic},
     *     {@code client_secret_post} or {@code client_secret_jwt}, or a {@code client_secret_jwt} secret is
     *     shorter than 32 bytes
     */
    void register(String clientId, String clientSecret, String authMethod, String redirectUri) {
        Objects.requireNonNull(authMethod, "authMethod");
        if (authMethod.equals(ClientAuthenticationMethod.CLIENT_SECRET_JWT.getValue())) {
            registerSecretJwt(clientId, clientSecret, redirectUri);
            return;
        }
        save(baseClient(clientId, redirectUri, ClientSettings.builder())
                // {noop}: the test bed compares secrets verbatim; hashing would only slow tests down.
                .clientSecret(VerbatimPasswordEncoder.PREFIX + clientSecret)
                .clientAuthenticationMethod(secretMethod(authMethod))
                .build());
    }

    /**
     * Registers a client that authenticates with a JWT signed by its private key (RFC 7523 §2.2,
     * {@code private_key_jwt}), whose public keys the provider fetches from {@code jwkSetUrl}.
     *
     * @throws IllegalArgumentException when {@code signingAlgorithm} is not a JWS signature algorithm
     */
    void registerPrivateKeyJwt(String clientId, String jwkSetUrl, String signingAlgorithm, String redirectUri) {
        SignatureAlgorithm algorithm = SignatureAlgorithm.from(Objects.requireNonNull(signingAlgorithm,
                "signingAlgorithm"));
        if (algorithm == null) {
            throw new IllegalArgumentException("signingAlgorithm: expected a JWS signature algorithm such as RS256,"
                    + " PS256 or ES256, found '" + signingAlgorithm + "'");
        }
        save(baseClient(clientId, redirectUri, ClientSettings.builder()
                        .jwkSetUrl(jwkSetUrl)
                        .tokenEndpointAuthenticationSigningAlgorithm(algorithm))
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .build());
    }

    private void registerSecretJwt(String clientId, String clientSecret, String redirectUri) {
        if (clientSecret.getBytes(StandardCharsets.UTF_8).length < MIN_HMAC_SECRET_BYTES) {
            throw new IllegalArgumentException("clientSecret: client_secret_jwt (HS256) needs at least "
                    + MIN_HMAC_SECRET_BYTES + " bytes, found " + clientSecret.length() + " characters");
        }
        save(baseClient(clientId, redirectUri, ClientSettings.builder()
                        .tokenEndpointAuthenticationSigningAlgorithm(MacAlgorithm.HS256))
                // Stored raw, without the {noop} prefix: Spring's JwtClientAssertionDecoderFactory uses the
                // stored value's bytes as the HMAC key as they are, with no password encoder in between.
                .clientSecret(clientSecret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_JWT)
                .build());
    }

    /**
     * Lets a registered client use one more redirect URI (and return to its origin's root after logout).
     *
     * @throws IllegalArgumentException when no client has that id
     */
    void addRedirectUri(String clientId, String redirectUri) {
        RegisteredClient client = byClientId.get(clientId);
        if (client == null) {
            throw new IllegalArgumentException("clientId: expected a registered client, found '" + clientId + "'");
        }
        // The same internal id: the client's keys and secret stay what they were.
        save(RegisteredClient.from(client).redirectUri(redirectUri).postLogoutRedirectUri(appRoot(redirectUri))
                .postLogoutRedirectUri(loggedOut(redirectUri)).build());
    }

    private RegisteredClient.Builder baseClient(String clientId, String redirectUri, ClientSettings.Builder settings) {
        // A fresh internal id per registration: Spring caches each client's assertion decoder (and so its JWK
        // set URL or HMAC secret) by this id for the server's lifetime, so re-using it would keep the old keys.
        return RegisteredClient.withId(clientId + "-" + UUID.randomUUID())
                .clientId(clientId)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri(redirectUri)
                // RP-initiated logout may return to the app's root (OIDC RP-Initiated Logout §3).
                .postLogoutRedirectUri(appRoot(redirectUri))
                .postLogoutRedirectUri(loggedOut(redirectUri))
                .scope("openid")
                .scope("profile")
                .scope("email")
                .clientSettings(settings
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(accessTokenTimeToLive)
                        .reuseRefreshTokens(reuseRefreshTokens)
                        .build());
    }

    /** The filter's default {@code logout.return-path} beside the default callback path, context path and prefix kept. */
    private static String loggedOut(String redirectUri) {
        int callback = redirectUri.indexOf("/oauth2/callback");
        return (callback >= 0 ? redirectUri.substring(0, callback) : appRoot(redirectUri).replaceAll("/$", ""))
                + "/oauth2/logged-out";
    }

    private static String appRoot(String redirectUri) {
        URI uri = URI.create(redirectUri);
        return uri.getScheme() + "://" + uri.getRawAuthority() + "/";
    }

    private static ClientAuthenticationMethod secretMethod(String name) {
        if (name.equals(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue())) {
            return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        if (name.equals(ClientAuthenticationMethod.CLIENT_SECRET_POST.getValue())) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        throw new IllegalArgumentException("authMethod: expected client_secret_basic, client_secret_post or"
                + " client_secret_jwt, found '" + name + "'");
    }

    /** Saves a client; one registered earlier under the same client id is forgotten. */
    @Override
    public void save(RegisteredClient client) {
        RegisteredClient previous = byClientId.put(client.getClientId(), client);
        if (previous != null && !previous.getId().equals(client.getId())) {
            byId.remove(previous.getId());
        }
        byId.put(client.getId(), client);
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
