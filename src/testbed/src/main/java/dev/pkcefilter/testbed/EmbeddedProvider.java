package dev.pkcefilter.testbed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;

/**
 * A real, strict OpenID provider (Spring Authorization Server on embedded Tomcat), started in-process.
 *
 * <p>Every client it knows is confidential and must use PKCE; consent is skipped; one user signs in through
 * Spring Security's form login at {@code /login}. The issuer is {@code http://localhost:<port>}. Its session
 * cookie is called {@code PROVIDER_SESSION}, because cookies do not separate ports and the app on the same
 * host uses {@code JSESSIONID}.
 *
 * <p>Records token requests, issued ID tokens and every secret it issues or receives, for tests that check nothing
 * leaks. Signs logout tokens with its own key for back-channel logout tests, and can revoke refresh tokens.
 * Holds no static state: several providers can run in one JVM. Thread-safe.
 */
public final class EmbeddedProvider implements AutoCloseable {

    static final String SESSION_COOKIE = "PROVIDER_SESSION";

    private final ConfigurableApplicationContext context;
    private final ClientRegistry clients;
    private final ProviderRecorder recorder;
    private final LogoutTokenSigner logoutTokens;
    private final int port;

    EmbeddedProvider(ConfigurableApplicationContext context, ClientRegistry clients, ProviderRecorder recorder,
            LogoutTokenSigner logoutTokens, int port) {
        this.context = context;
        this.clients = clients;
        this.recorder = recorder;
        this.logoutTokens = logoutTokens;
        this.port = port;
    }

    /** @return a builder with a random port and the user {@code alice}/{@code wonderland} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Registers (or replaces) a confidential client that authenticates with its secret: authorization code and
     * refresh token grants, scopes {@code openid profile email}, PKCE required, no consent screen. May be called
     * at any time.
     *
     * <p>The provider rejects {@code localhost} in redirect URIs; use {@code http://127.0.0.1:<port>/...}. For
     * loopback IP literals it ignores the port when matching (RFC 8252 §7.3). The root of the redirect URI's
     * origin ({@code http://127.0.0.1:<port>/}) is registered as the post-logout redirect URI.
     *
     * <p>With {@code client_secret_jwt} the client signs an assertion with HS256 keyed by the secret (RFC 7523
     * §2.2, OIDC Core §9), so the secret must be at least 32 bytes (RFC 7518 §3.2).
     *
     * @param clientId the client id; not null
     * @param clientSecret the client secret; not null
     * @param authMethod {@code client_secret_basic}, {@code client_secret_post} or {@code client_secret_jwt}
     * @param redirectUri the one redirect URI the client may use; not null
     * @throws IllegalArgumentException when {@code authMethod} is none of these, or a {@code client_secret_jwt}
     *     secret is shorter than 32 bytes
     */
    public void registerClient(String clientId, String clientSecret, String authMethod, String redirectUri) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(redirectUri, "redirectUri");
        clients.register(clientId, clientSecret, authMethod, redirectUri);
        recorder.recordSecret(clientSecret);
    }

    /**
     * Lets a registered client use one more redirect URI, such as the https twin of an http one; the root of its
     * origin becomes a post-logout redirect URI too. Loopback IP literals match on any port, as above.
     *
     * @param clientId a client registered before; not null
     * @param redirectUri the further redirect URI; not null
     * @throws IllegalArgumentException when no client has that id
     */
    public void addRedirectUri(String clientId, String redirectUri) {
        clients.addRedirectUri(Objects.requireNonNull(clientId, "clientId"), Objects.requireNonNull(redirectUri, "redirectUri"));
    }

    /**
     * Registers (or replaces) a confidential client that authenticates with {@code private_key_jwt} (RFC 7523
     * §2.2, OIDC Core §9): an assertion signed with its private key, checked against the public keys the
     * provider fetches from {@code jwkSetUrl} when the first assertion arrives, and caches. Otherwise as
     * {@link #registerClient}.
     *
     * <p>The provider accepts an assertion whose {@code aud} contains its issuer identifier or the URL of its
     * token, introspection, revocation or pushed authorization request endpoint; it does not check {@code jti}
     * for replay.
     *
     * @param clientId the client id; not null
     * @param jwkSetUrl where the client publishes its public keys, such as the app's {@code /oauth2/jwks}; not
     *     null
     * @param signingAlgorithm the one JWS algorithm the client signs with, such as {@code RS256},
     *     {@code PS256} or {@code ES256}; not null
     * @param redirectUri the one redirect URI the client may use; not null
     * @throws IllegalArgumentException when {@code signingAlgorithm} is not a JWS signature algorithm
     */
    public void registerKeyClient(String clientId, String jwkSetUrl, String signingAlgorithm, String redirectUri) {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(jwkSetUrl, "jwkSetUrl");
        Objects.requireNonNull(redirectUri, "redirectUri");
        clients.registerPrivateKeyJwt(clientId, jwkSetUrl, signingAlgorithm, redirectUri);
    }

    /** @return the issuer identifier, exactly {@code http://localhost:<port>} */
    public String issuer() {
        return "http://localhost:" + port;
    }

    /** @return the port the provider listens on, on 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return every pushed authorization request (RFC 9126) received so far, oldest first; a snapshot */
    public List<RecordedTokenRequest> pushedRequests() {
        return recorder.pushedRequests();
    }

    /** @return every token request received so far, oldest first; a snapshot */
    public List<RecordedTokenRequest> tokenRequests() {
        return recorder.tokenRequests();
    }

    /**
     * @return every secret value seen so far: issued authorization codes, access, refresh and ID tokens;
     *     code verifiers, client secrets and client assertions sent to the token endpoint; registered client
     *     secrets. A snapshot.
     */
    public Set<String> issuedSecrets() {
        return recorder.secrets();
    }

    /** @return every ID token issued so far (at login and on refresh), oldest first; a snapshot */
    public List<String> issuedIdTokens() {
        return recorder.idTokens();
    }

    /**
     * Signs a JWT with the key the provider signs ID tokens with (RS256, its {@code kid}), with header
     * {@code typ: logout+jwt}: a logout token as the provider would send one to a back-channel logout endpoint
     * (OIDC Back-Channel Logout 1.0 §2.4). The claims are signed as given, unchecked, so tests can also make
     * invalid ones. The token is added to {@link #issuedSecrets()}.
     *
     * @param claims the payload as JSON values: strings, numbers ({@code iat} in epoch seconds), booleans, lists,
     *     maps; not null
     * @return the compact serialization
     */
    public String signJwt(Map<String, Object> claims) {
        return logoutTokens.sign(claims);
    }

    /**
     * A valid logout token for one provider session, as the provider sends one when that session ends: {@code
     * iss}, {@code aud}, {@code iat}, {@code exp} two minutes later, a fresh {@code jti}, the {@code sid} and the
     * back-channel logout event (Back-Channel Logout 1.0 §2.4).
     *
     * @param clientId the client it is for ({@code aud}); not null
     * @param sid the provider session that ended, as the ID tokens name it; not null
     * @param issuedAt its {@code iat}, on the clock of the app that will verify it; not null
     * @return the signed token
     */
    public String logoutToken(String clientId, String sid, Instant issuedAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer());
        claims.put("aud", Objects.requireNonNull(clientId, "clientId"));
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("exp", issuedAt.plusSeconds(120).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("sid", Objects.requireNonNull(sid, "sid"));
        claims.put("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        return signJwt(claims);
    }

    /**
     * As {@link #signJwt}, but signed by a stranger: another RSA key under the same {@code kid}, so a verifier
     * finds the provider's key and the signature fails against it.
     *
     * @param claims the payload; not null
     * @return the compact serialization
     */
    public String signJwtWithStrangerKey(Map<String, Object> claims) {
        return logoutTokens.signAsStranger(claims);
    }

    /**
     * Revokes every refresh token issued so far (and with it its access token), as the revocation endpoint
     * would: the next refresh with one of them is answered {@code invalid_grant} (RFC 6749 §5.2).
     *
     * @return how many refresh tokens were revoked
     */
    public int revokeRefreshTokens() {
        // The configuration declares the bean by its interface; it is always the recording one.
        return ((RecordingAuthorizationService) context.getBean(OAuth2AuthorizationService.class)).revokeRefreshTokens();
    }

    /** @return the client's secret as the provider holds it now, for the test bed's own tests */
    String storedSecret(String clientId) {
        return clients.findByClientId(clientId).getClientSecret();
    }

    /** @return the user's password as the provider holds it now, for the test bed's own tests */
    String storedPassword(String username) {
        return context.getBean(UserDetailsService.class).loadUserByUsername(username).getPassword();
    }

    /** Stops the server; idempotent. */
    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return "EmbeddedProvider[" + issuer() + "]";
    }

    /**
     * Settings for an {@link EmbeddedProvider}: the port, the user, token lifetimes and extra claims (the setters
     * are declared in the package's {@code ProviderOptions}); not thread-safe.
     */
    public static final class Builder extends ProviderOptions {

        private Builder() {
        }

        /**
         * Starts the provider and waits until it accepts connections.
         *
         * @return the running provider
         * @throws IllegalStateException when the server cannot start
         */
        public EmbeddedProvider start() {
            return ProviderLauncher.start(setup());
        }
    }
}
