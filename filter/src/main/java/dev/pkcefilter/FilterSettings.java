package dev.pkcefilter;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * The filter's settings: an immutable value, validated once when it is built.
 *
 * <p>Built from a properties file ({@link #fromProperties(Properties)}) or in code ({@link
 * #builder()}); both go through the same validation, and every problem is reported together in one
 * {@link SettingsException}, each naming its key. Unknown keys are an error. No key turns off PKCE,
 * state, nonce, signature or issuer checks: there is nothing to turn off.
 *
 * <p>{@link #toString()} lists the effective settings with the client secret masked.
 */
public final class FilterSettings {

    private final URI issuer;
    private final String clientId;
    private final String clientSecret;
    private final ClientAuthMethod clientAuthMethod;
    private final List<String> scopes;
    private final String callbackPath;
    private final int maxPendingLogins;
    private final Duration pendingLoginTtl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Set<String> idTokenAlgorithms;
    private final Duration clockSkew;
    private final SigningKeys signingKeys;
    private final boolean assertionAudienceIsTokenEndpoint;
    private final Duration assertionLifetime;
    private final String jwksPath;
    private final URI externalBaseUrl;
    private final TrustedProxies trustedProxies;
    private final List<String> allowedHosts;
    private final SessionSettings.Values session;
    private final ClusterStore clusterStore;
    /** Whether the filter created the store from {@code cluster.store}, and so closes it when it stops. */
    private final boolean ownsClusterStore;
    private final Clock clock;

    FilterSettings(SettingsReader.Values values, Clock clock, ClusterStore clusterStore) {
        this.issuer = values.issuer;
        this.clientId = values.clientId;
        this.clientSecret = values.clientSecret;
        this.clientAuthMethod = values.clientAuthMethod;
        this.scopes = values.scopes;
        this.callbackPath = values.callbackPath;
        this.maxPendingLogins = values.maxPendingLogins;
        this.pendingLoginTtl = values.pendingLoginTtl;
        this.connectTimeout = values.connectTimeout;
        this.readTimeout = values.readTimeout;
        this.idTokenAlgorithms = values.idTokenAlgorithms;
        this.clockSkew = values.clockSkew;
        this.signingKeys = values.signingKeys;
        this.assertionAudienceIsTokenEndpoint = values.assertionAudienceIsTokenEndpoint;
        this.assertionLifetime = values.assertionLifetime;
        this.jwksPath = values.jwksPath;
        this.externalBaseUrl = values.externalBaseUrl;
        this.trustedProxies = values.trustedProxies;
        this.allowedHosts = values.allowedHosts;
        this.session = values.session;
        this.clusterStore = clusterStore != null ? clusterStore : values.clusterStore;
        this.ownsClusterStore = clusterStore == null && values.clusterStore != null;
        this.clock = clock;
    }

    /** @return a builder with nothing set; {@code issuer}, {@code client.id} and (for the secret methods) {@code client.secret} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads settings from properties, resolving {@code ${env:NAME}}, {@code ${sys:NAME}} and {@code
     * ${file:PATH}} references in values.
     *
     * @param properties the keys of the README's reference table; not null
     * @return the validated settings
     * @throws SettingsException listing every problem, each naming its key
     */
    public static FilterSettings fromProperties(Properties properties) {
        return fromProperties(properties, System::getenv);
    }

    /**
     * Reads settings from a properties file.
     *
     * @param location a file path, or {@code classpath:name} for a resource of {@code classLoader}
     * @param classLoader the loader for {@code classpath:} locations; not null
     * @return the validated settings
     * @throws SettingsException when the file cannot be read (naming the location) or its settings
     *     are invalid
     */
    public static FilterSettings load(String location, ClassLoader classLoader) {
        return fromProperties(SettingsFile.read(location, classLoader));
    }

    static FilterSettings fromProperties(Properties properties, Function<String, String> environment) {
        Builder builder = builder();
        builder.environment = environment;
        for (String key : properties.stringPropertyNames()) {
            builder.set(key, properties.getProperty(key));
        }
        return builder.build();
    }

    URI issuer() { return issuer; }
    String clientId() { return clientId; }
    /** The client secret; empty for methods that don't use one. Never logged. */
    String clientSecret() { return clientSecret; }
    ClientAuthMethod clientAuthMethod() { return clientAuthMethod; }
    List<String> scopes() { return scopes; }
    String callbackPath() { return callbackPath; }
    int maxPendingLogins() { return maxPendingLogins; }
    Duration pendingLoginTtl() { return pendingLoginTtl; }
    Duration connectTimeout() { return connectTimeout; }
    Duration readTimeout() { return readTimeout; }
    Set<String> idTokenAlgorithms() { return idTokenAlgorithms; }
    Duration clockSkew() { return clockSkew; }
    Clock clock() { return clock; }
    /** The store the app's nodes share; null when the node keeps its own. */
    ClusterStore clusterStore() { return clusterStore; }
    boolean ownsClusterStore() { return ownsClusterStore; }
    /** The private_key_jwt keys; null for the other methods. */
    SigningKeys signingKeys() { return signingKeys; }
    /** Whether assertions name the token endpoint as audience instead of the issuer. */
    boolean assertionAudienceIsTokenEndpoint() { return assertionAudienceIsTokenEndpoint; }
    Duration assertionLifetime() { return assertionLifetime; }
    /** The path of the public JWKS endpoint within the app; null when it is off. */
    String jwksPath() { return jwksPath; }
    /** The app's external URL, which wins over the request and proxy headers; null when not set. */
    URI externalBaseUrl() { return externalBaseUrl; }
    TrustedProxies trustedProxies() { return trustedProxies; }
    /** Hosts (with optional port) the app may be reached at; empty means any. */
    List<String> allowedHosts() { return allowedHosts; }
    String logoutPath() { return session.logoutPath; }
    boolean logoutAllowsGet() { return session.logoutAllowGet; }
    /** A path within the app, or an absolute URL. */
    String logoutRedirect() { return session.logoutRedirect; }
    Duration refreshMargin() { return session.refreshMargin; }
    /** The longest a signed-in state lasts from login; null for no limit beyond the container session's. */
    Duration maxSessionAge() { return session.maxAge; }
    /** The claim (dotted path) holding the roles; null when roles are not used. */
    String rolesClaim() { return session.rolesClaim; }
    /** A prefix removed from role names; null for none. */
    String rolesStripPrefix() { return session.rolesStripPrefix; }
    boolean userInfoEnabled() { return session.userInfo; }
    /** The back-channel logout endpoint's path; null when it is off. */
    String backchannelLogoutPath() { return session.backchannelPath; }

    /** @return the effective settings, one {@code key=value} each, the client secret masked */
    @Override
    public String toString() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put(SettingsReader.ISSUER, issuer);
        shown.put(SettingsReader.CLIENT_ID, clientId);
        shown.put(SettingsReader.CLIENT_SECRET, clientSecret.isEmpty() ? "(none)" : "******");
        shown.put(SettingsReader.CLIENT_AUTH_METHOD, clientAuthMethod.registeredName());
        if (signingKeys != null) {
            shown.put("client.keys", signingKeys);
            shown.put(SettingsReader.JWKS_PATH, jwksPath == null ? "(off)" : jwksPath);
        }
        if (clientAuthMethod == ClientAuthMethod.PRIVATE_KEY_JWT || clientAuthMethod == ClientAuthMethod.CLIENT_SECRET_JWT) {
            shown.put(SettingsReader.ASSERTION_AUDIENCE, assertionAudienceIsTokenEndpoint ? "token-endpoint" : "issuer");
            shown.put(SettingsReader.ASSERTION_LIFETIME, assertionLifetime.getSeconds());
        }
        shown.put(SettingsReader.SCOPES, String.join(" ", scopes));
        shown.put(SettingsReader.CALLBACK_PATH, callbackPath);
        shown.put(SettingsReader.EXTERNAL_BASE_URL, externalBaseUrl == null ? "(from the request)" : externalBaseUrl);
        shown.put(SettingsReader.TRUSTED_PROXIES, trustedProxies.isEmpty() ? "(none)" : trustedProxies.toString());
        shown.put(SettingsReader.ALLOWED_HOSTS, allowedHosts.isEmpty() ? "(any)" : String.join(",", allowedHosts));
        shown.put(SettingsReader.LOGOUT_PATH, session.logoutPath);
        shown.put(SettingsReader.LOGOUT_ALLOW_GET, session.logoutAllowGet);
        shown.put(SettingsReader.LOGOUT_REDIRECT, session.logoutRedirect);
        shown.put(SettingsReader.REFRESH_MARGIN, session.refreshMargin.getSeconds());
        shown.put(SettingsReader.SESSION_MAX_AGE, session.maxAge == null ? "(container session)" : session.maxAge.getSeconds());
        shown.put(SettingsReader.ROLES_CLAIM, session.rolesClaim == null ? "(none)" : session.rolesClaim);
        shown.put(SettingsReader.USERINFO, session.userInfo);
        shown.put(SettingsReader.BACKCHANNEL_PATH, session.backchannelPath == null ? "(off)" : session.backchannelPath);
        shown.put(SettingsReader.CLUSTER_STORE, clusterStore == null ? "(this node's memory)" : clusterStore.getClass().getName());
        shown.put(SettingsReader.MAX_PENDING, maxPendingLogins);
        shown.put(SettingsReader.PENDING_TTL, pendingLoginTtl.getSeconds());
        shown.put(SettingsReader.CONNECT_TIMEOUT, connectTimeout.toMillis());
        shown.put(SettingsReader.READ_TIMEOUT, readTimeout.toMillis());
        shown.put(SettingsReader.ID_TOKEN_ALGORITHMS, String.join(",", idTokenAlgorithms));
        shown.put(SettingsReader.CLOCK_SKEW, clockSkew.getSeconds());
        return "FilterSettings" + shown;
    }

    /**
     * Collects settings in code. Each setter stores the value under its properties key, so that
     * {@link #build()} validates code and files alike and names keys in its messages.
     */
    public static final class Builder {

        private final Map<String, String> raw = new LinkedHashMap<>();
        private Function<String, String> environment = System::getenv;
        private Clock clock = Clock.systemUTC();
        private ClusterStore clusterStore;

        private Builder() {
        }

        /**
         * Sets a value by its properties key; references ({@code ${env:NAME}}, {@code ${sys:NAME}},
         * {@code ${file:PATH}}) are resolved at {@link #build()}.
         *
         * @param key a key of the reference table; an unknown key is reported at {@link #build()}
         * @param value the raw value; null removes the key
         * @return this builder
         */
        public Builder set(String key, String value) {
            if (key == null) {
                throw new IllegalArgumentException("key must not be null");
            }
            if (value == null) {
                raw.remove(key);
            } else {
                raw.put(key, value);
            }
            return this;
        }

        /** @param issuer the provider's issuer identifier, exactly as in its metadata ({@code issuer}) */
        public Builder issuer(String issuer) { return set(SettingsReader.ISSUER, issuer); }

        /** @param clientId the client identifier registered at the provider ({@code client.id}) */
        public Builder clientId(String clientId) { return set(SettingsReader.CLIENT_ID, clientId); }

        /** @param clientSecret the client secret ({@code client.secret}); never logged */
        public Builder clientSecret(String clientSecret) { return set(SettingsReader.CLIENT_SECRET, clientSecret); }

        /**
         * @param method {@code client_secret_basic} (default), {@code client_secret_post}, {@code
         *     client_secret_jwt} or {@code private_key_jwt} ({@code client.auth-method})
         * @return this builder
         */
        public Builder clientAuthMethod(String method) { return set(SettingsReader.CLIENT_AUTH_METHOD, method); }

        /** @param path the client's private key file for private_key_jwt ({@code client.key}) */
        public Builder clientKey(String path) { return set(SettingsReader.CLIENT_KEY, path); }

        /** @param path where the app publishes its public keys, e.g. {@code /oauth2/jwks} ({@code jwks.path}) */
        public Builder jwksPath(String path) { return set(SettingsReader.JWKS_PATH, path); }

        /** @param scopes the scopes to ask for ({@code scopes}); {@code openid} is always added */
        public Builder scopes(String... scopes) { return set(SettingsReader.SCOPES, String.join(" ", scopes)); }

        /** @param path the callback path within the app ({@code callback.path}), default {@code /oauth2/callback} */
        public Builder callbackPath(String path) { return set(SettingsReader.CALLBACK_PATH, path); }

        /** @param count how many logins one session may have pending at once ({@code login.max-pending}) */
        public Builder maxPendingLogins(int count) { return set(SettingsReader.MAX_PENDING, Integer.toString(count)); }

        /** @param ttl how long a started login may take ({@code login.pending-ttl-seconds}) */
        public Builder pendingLoginTtl(Duration ttl) { return set(SettingsReader.PENDING_TTL, Long.toString(ttl.getSeconds())); }

        /** @param timeout connect timeout for calls to the provider ({@code http.connect-timeout-ms}) */
        public Builder connectTimeout(Duration timeout) { return set(SettingsReader.CONNECT_TIMEOUT, Long.toString(timeout.toMillis())); }

        /** @param timeout read timeout for calls to the provider ({@code http.read-timeout-ms}) */
        public Builder readTimeout(Duration timeout) { return set(SettingsReader.READ_TIMEOUT, Long.toString(timeout.toMillis())); }

        /** @param algorithms the JWS algorithms accepted on ID tokens ({@code id-token.algorithms}) */
        public Builder idTokenAlgorithms(String... algorithms) { return set(SettingsReader.ID_TOKEN_ALGORITHMS, String.join(",", algorithms)); }

        /** @param skew the clock skew allowed on ID token times ({@code id-token.clock-skew-seconds}) */
        public Builder clockSkew(Duration skew) { return set(SettingsReader.CLOCK_SKEW, Long.toString(skew.getSeconds())); }

        /**
         * @param clock the one clock for every time decision: ID and logout token exp and iat, pending
         *     login expiry, session maximum age, the refresh margin, the JWKS cache and its refetch
         *     limit, client assertion iat and exp, and the back-off after a provider outage. Tests use
         *     it to move time without sleeping. Default: the system clock (UTC).
         * @return this builder
         */
        public Builder clock(Clock clock) {
            if (clock == null) {
                throw new IllegalArgumentException("clock must not be null");
            }
            this.clock = clock;
            return this;
        }

        /**
         * @param store the store the app's nodes share, for back-channel logout, logout token replay
         *     and refresh coordination across nodes; the code alternative to {@code cluster.store}.
         *     Default: the node's own memory, right for a single node.
         * @return this builder
         */
        public Builder clusterStore(ClusterStore store) {
            if (store == null) {
                throw new IllegalArgumentException("store must not be null");
            }
            this.clusterStore = store;
            return this;
        }

        /**
         * @return the validated settings
         * @throws SettingsException listing every problem, each naming its key
         */
        public FilterSettings build() {
            if (clusterStore != null && raw.containsKey(SettingsReader.CLUSTER_STORE)) {
                throw new SettingsException(Collections.singletonList(SettingsReader.CLUSTER_STORE
                        + ": expected a store given either in code or by class name, found both"));
            }
            return new FilterSettings(new SettingsReader(environment).read(Collections.unmodifiableMap(raw)), clock, clusterStore);
        }
    }
}
