package dev.pkcefilter.testbed;

import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

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

    /**
     * Tomcat logs through java.util.logging, which Boot is kept from touching (see the pom), so Boot's log
     * levels do not reach it; this keeps its start and stop chatter out of test output. Held in a field
     * because java.util.logging forgets the level of a logger nobody references.
     */
    private static final List<Logger> QUIET_TOMCAT_LOGGERS = Stream.of("org.apache.catalina", "org.apache.coyote")
            .map(Logger::getLogger)
            .peek(logger -> logger.setLevel(Level.WARNING))
            .toList();
    private static final int PORT_ATTEMPTS = 5;

    private final ConfigurableApplicationContext context;
    private final ClientRegistry clients;
    private final ProviderRecorder recorder;
    private final JwtSigner signer;
    private final int port;

    private EmbeddedProvider(ConfigurableApplicationContext context, ClientRegistry clients,
            ProviderRecorder recorder, JwtSigner signer, int port) {
        this.context = context;
        this.clients = clients;
        this.recorder = recorder;
        this.signer = signer;
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
        return signed(signer, claims);
    }

    /**
     * As {@link #signJwt}, but signed by a stranger: another RSA key under the same {@code kid}, so a verifier
     * finds the provider's key and the signature fails against it.
     *
     * @param claims the payload; not null
     * @return the compact serialization
     */
    public String signJwtWithStrangerKey(Map<String, Object> claims) {
        return signed(signer.impostor(), claims);
    }

    private String signed(JwtSigner by, Map<String, Object> claims) {
        String token = by.sign(Objects.requireNonNull(claims, "claims"), "logout+jwt");
        recorder.recordSecret(token);
        return token;
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

    /** Stops the server; idempotent. */
    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return "EmbeddedProvider[" + issuer() + "]";
    }

    /** Settings for an {@link EmbeddedProvider}; not thread-safe. */
    public static final class Builder {

        private int port;
        private String username = "alice";
        private String password = "wonderland";
        private Duration accessTokenTimeToLive = Duration.ofMinutes(5);
        private Optional<String> tokenErrorDescription = Optional.empty();
        private boolean reuseRefreshTokens = true;
        private final Map<String, Object> idTokenClaims = new LinkedHashMap<>();
        private final Map<String, Object> userInfoClaims = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * @param port the port to listen on, or 0 for a free one
         * @return this builder
         * @throws IllegalArgumentException when the port is outside 0..65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: expected 0..65535, found " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * @param username the one user's name; not null
         * @param password the user's password; not null
         * @return this builder
         */
        public Builder user(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * @param timeToLive how long access tokens stay valid; positive
         * @return this builder
         * @throws IllegalArgumentException when not positive
         */
        public Builder accessTokenTimeToLive(Duration timeToLive) {
            if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
                throw new IllegalArgumentException("accessTokenTimeToLive: expected a positive duration, found "
                        + timeToLive);
            }
            this.accessTokenTimeToLive = timeToLive;
            return this;
        }

        /**
         * Makes the token endpoint's error answers carry this {@code error_description} (RFC 6749 §5.2), as
         * many providers' do; by default they carry the error code only. Lets a test check that the provider's
         * text never reaches a page or a log.
         *
         * @param description the text; not null
         * @return this builder
         */
        public Builder tokenErrorDescription(String description) {
            this.tokenErrorDescription = Optional.of(Objects.requireNonNull(description, "description"));
            return this;
        }

        /**
         * Makes every refresh issue a new refresh token and invalidate the one used (rotation, RFC 9700 §4.14.2);
         * by default the provider keeps the first refresh token for the authorization's life.
         *
         * @return this builder
         */
        public Builder rotateRefreshTokens() {
            this.reuseRefreshTokens = false;
            return this;
        }

        /**
         * Adds a claim to every ID token, such as {@code groups} for an app that reads roles from it. The
         * userinfo endpoint does not copy it.
         *
         * @param name the claim name; not null
         * @param value a JSON value: string, number, boolean, list or map; not null
         * @return this builder
         */
        public Builder idTokenClaim(String name, Object value) {
            idTokenClaims.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Adds a claim to every userinfo answer only, so a test can tell whether the app called userinfo; the
         * name {@code sub} replaces the subject there, for a userinfo that disagrees with the ID token.
         *
         * @param name the claim name; not null
         * @param value a JSON value; not null
         * @return this builder
         */
        public Builder userInfoClaim(String name, Object value) {
            userInfoClaims.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Starts the provider and waits until it accepts connections.
         *
         * @return the running provider
         * @throws IllegalStateException when the server cannot start
         */
        public EmbeddedProvider start() {
            if (port != 0) {
                return startOn(port);
            }
            // The issuer must be fixed before the server starts, so the port is chosen here rather than by
            // Tomcat; another process may take it in between, hence the retries.
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOn(freePort());
                } catch (RuntimeException e) {
                    if (attempt == PORT_ATTEMPTS || !causedByPortInUse(e)) {
                        throw e;
                    }
                }
            }
        }

        private EmbeddedProvider startOn(int chosenPort) {
            ClientRegistry clients = new ClientRegistry(accessTokenTimeToLive, reuseRefreshTokens);
            ProviderRecorder recorder = new ProviderRecorder();
            JwtSigner signer = new JwtSigner(JwtSigner.newKey());
            ExtraClaims extraClaims = new ExtraClaims(idTokenClaims, userInfoClaims);
            TokenErrorDescriber describer = new TokenErrorDescriber(tokenErrorDescription);
            UserDetailsService users = new InMemoryUserDetailsManager(
                    User.withUsername(username).password("{noop}" + password).roles("USER").build());
            AuthorizationServerSettings settings = AuthorizationServerSettings.builder()
                    .issuer("http://localhost:" + chosenPort)
                    .build();
            ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderSecurityConfiguration.class)
                    .web(WebApplicationType.SERVLET)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .registerShutdownHook(false)
                    .initializers(ctx -> {
                        GenericApplicationContext generic = (GenericApplicationContext) ctx;
                        generic.registerBean(ClientRegistry.class, () -> clients);
                        generic.registerBean(ProviderRecorder.class, () -> recorder);
                        generic.registerBean(UserDetailsService.class, () -> users);
                        generic.registerBean(AuthorizationServerSettings.class, () -> settings);
                        generic.registerBean(TokenErrorDescriber.class, () -> describer);
                        generic.registerBean(RSAKey.class, signer::key);
                        generic.registerBean(ExtraClaims.class, () -> extraClaims);
                    })
                    // Command-line arguments outrank any application.properties or system property of the
                    // JVM that hosts the test bed; the odd config name keeps such files from being read at all.
                    .run("--spring.config.name=pkce-filter-testbed-provider",
                            "--server.address=127.0.0.1",
                            "--server.port=" + chosenPort,
                            "--server.servlet.session.cookie.name=" + SESSION_COOKIE,
                            "--logging.level.org.springframework=WARN",
                            "--logging.level.org.apache=WARN");
            return new EmbeddedProvider(context, clients, recorder, signer, chosenPort);
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free port on the loopback interface", e);
            }
        }

        private static boolean causedByPortInUse(Throwable failure) {
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                if (cause instanceof PortInUseException) {
                    return true;
                }
            }
            return false;
        }
    }
}
