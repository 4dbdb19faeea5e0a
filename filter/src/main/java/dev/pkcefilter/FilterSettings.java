package dev.pkcefilter;

import dev.pkcefilter.internal.settings.SettingKey;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.settings.SettingsFile;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
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

    private final Settings settings;

    private FilterSettings(Settings settings) {
        this.settings = settings;
    }

    /** @return a builder with nothing set; {@code issuer}, {@code client.id} and (for the secret methods) {@code client.secret} are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads settings from properties, resolving {@code ${env:NAME}}, {@code ${sys:NAME}} and {@code
     * ${file:PATH}} references in values.
     *
     * @param properties the keys of the configuration reference (docs/configuration.md); not null
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

    /** @return the checked values the engine runs on */
    Settings internal() {
        return settings;
    }

    /**
     * @return every key with the value in effect, one {@code key=value} each: given values (references
     *     resolved), defaults as the configuration reference states them, secrets masked
     */
    @Override
    public String toString() {
        return settings.toString();
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

        /**
         * Sets one key of a named provider, as {@code provider.<name>.<key>} in a properties file.
         *
         * @param name the provider's name: lower-case letters, digits and {@code -}; not {@code default}
         * @param key a key each provider has, such as {@code issuer}, {@code client.id} or {@code scopes}
         * @param value the raw value; null removes the key
         * @return this builder
         */
        public Builder provider(String name, String key, String value) {
            if (name == null || key == null) {
                throw new IllegalArgumentException("name and key must not be null");
            }
            return set("provider." + name + "." + key, value);
        }

        /** @param issuer the provider's issuer identifier, exactly as in its metadata ({@code issuer}) */
        public Builder issuer(String issuer) { return set(SettingKey.ISSUER, issuer); }

        /** @param name the provider's name on the chooser page, when there are several */
        public Builder displayName(String name) { return set(SettingKey.DISPLAY_NAME, name); }

        /** @param clientId the client identifier registered at the provider ({@code client.id}) */
        public Builder clientId(String clientId) { return set(SettingKey.CLIENT_ID, clientId); }

        /** @param clientSecret the client secret ({@code client.secret}); never logged  */
        public Builder clientSecret(String clientSecret) { return set(SettingKey.CLIENT_SECRET, clientSecret); }

        /**
         * @param method {@code client_secret_basic} (default), {@code client_secret_post}, {@code
         *     client_secret_jwt} or {@code private_key_jwt} ({@code client.auth-method})
         * @return this builder
         */
        public Builder clientAuthMethod(String method) { return set(SettingKey.CLIENT_AUTH_METHOD, method); }

        /** @param path the client's private key file for private_key_jwt ({@code client.key}) */
        public Builder clientKey(String path) { return set(SettingKey.CLIENT_KEY, path); }

        /** @param password the keystore's password ({@code client.key.password}); never logged  */
        public Builder clientKeyPassword(String password) { return set(SettingKey.CLIENT_KEY_PASSWORD, password); }

        /** @param alias the keystore alias ({@code client.key.alias}) */
        public Builder clientKeyAlias(String alias) { return set(SettingKey.CLIENT_KEY_ALIAS, alias); }

        /** @param id the key's {@code kid} ({@code client.key.id}) */
        public Builder clientKeyId(String id) { return set(SettingKey.CLIENT_KEY_ID, id); }

        /** @param algorithm the client assertions' algorithm, e.g. {@code PS256} ({@code client.key.algorithm}) */
        public Builder clientKeyAlgorithm(String algorithm) { return set(SettingKey.CLIENT_KEY_ALGORITHM, algorithm); }

        /** @param path a second key, published but not used for signing yet ({@code client.next-key}) */
        public Builder clientNextKey(String path) { return set(SettingKey.CLIENT_NEXT_KEY, path); }

        /** @param password the second keystore's password ({@code client.next-key.password}) */
        public Builder clientNextKeyPassword(String password) { return set(SettingKey.CLIENT_NEXT_KEY_PASSWORD, password); }

        /** @param alias the second keystore's alias ({@code client.next-key.alias}) */
        public Builder clientNextKeyAlias(String alias) { return set(SettingKey.CLIENT_NEXT_KEY_ALIAS, alias); }

        /** @param id the second key's {@code kid} ({@code client.next-key.id}) */
        public Builder clientNextKeyId(String id) { return set(SettingKey.CLIENT_NEXT_KEY_ID, id); }

        /** @param audience {@code issuer} (default) or {@code token-endpoint} ({@code client.assertion.audience}) */
        public Builder clientAssertionAudience(String audience) { return set(SettingKey.CLIENT_ASSERTION_AUDIENCE, audience); }

        /** @param lifetime how far ahead an assertion's {@code exp} is ({@code client.assertion.lifetime-seconds}) */
        public Builder clientAssertionLifetime(Duration lifetime) { return set(SettingKey.CLIENT_ASSERTION_LIFETIME_SECONDS, lifetime); }

        /** @param path the client's certificate for mutual TLS, a keystore or PEM ({@code client.tls.certificate}) */
        public Builder clientTlsCertificate(String path) { return set(SettingKey.CLIENT_TLS_CERTIFICATE, path); }

        /** @param path the PEM private key of a PEM certificate, in its own file ({@code client.tls.key}) */
        public Builder clientTlsKey(String path) { return set(SettingKey.CLIENT_TLS_KEY, path); }

        /** @param password the certificate keystore's password ({@code client.tls.password}); never logged */
        public Builder clientTlsPassword(String password) { return set(SettingKey.CLIENT_TLS_PASSWORD, password); }

        /** @param alias the alias of the client's key in the certificate keystore ({@code client.tls.alias}) */
        public Builder clientTlsAlias(String alias) { return set(SettingKey.CLIENT_TLS_ALIAS, alias); }

        /** @param path the certificates the provider's TLS certificate is checked against ({@code tls.trust-store}) */
        public Builder tlsTrustStore(String path) { return set(SettingKey.TLS_TRUST_STORE, path); }

        /** @param password the trust store's password ({@code tls.trust-store.password}); never logged */
        public Builder tlsTrustStorePassword(String password) { return set(SettingKey.TLS_TRUST_STORE_PASSWORD, password); }

        /** @param path where the app publishes its public keys, e.g. {@code /oauth2/jwks} ({@code jwks.path}) */
        public Builder jwksPath(String path) { return set(SettingKey.JWKS_PATH, path); }

        /** @param scopes the scopes to ask for ({@code scopes}); {@code openid} is always added  */
        public Builder scopes(String... scopes) { return set(SettingKey.SCOPES, scopes); }

        /** @param path the callback path within the app ({@code callback.path}), default {@code /oauth2/callback}  */
        public Builder callbackPath(String path) { return set(SettingKey.CALLBACK_PATH, path); }

        /** @param url the app's external URL, e.g. {@code https://apps.example.com/orders} ({@code external.base-url}) */
        public Builder externalBaseUrl(String url) { return set(SettingKey.EXTERNAL_BASE_URL, url); }

        /** @param addresses IP addresses or CIDR ranges of the trusted reverse proxies ({@code proxy.trusted}) */
        public Builder trustedProxies(String... addresses) { return set(SettingKey.PROXY_TRUSTED, addresses); }

        /** @param family {@code forwarded}, {@code x-forwarded}, {@code both} or {@code auto}: the headers the trusted proxies set ({@code proxy.headers}) */
        public Builder proxyHeaders(String family) { return set(SettingKey.PROXY_HEADERS, family); }

        /** @param hosts the hosts (optionally {@code host:port}) the app may be reached at ({@code proxy.allowed-hosts}) */
        public Builder allowedHosts(String... hosts) { return set(SettingKey.PROXY_ALLOWED_HOSTS, hosts); }

        /** @param mode {@code query}, {@code form_post} or {@code auto}: how the provider returns the code */
        public Builder responseMode(String mode) { return set(SettingKey.RESPONSE_MODE, mode); }

        /** @param mode {@code auto} (push authorization requests when the provider requires it) or {@code always} (RFC 9126) */
        public Builder pushedRequests(String mode) { return set(SettingKey.PAR, mode); }

        /** @param profile {@code fapi2-security}: the FAPI 2.0 Security Profile's requirements, checked at startup */
        public Builder profile(String profile) { return set(SettingKey.PROFILE, profile); }

        /** @param enabled whether tokens are bound to a per-session DPoP key (RFC 9449) */
        public Builder dpop(boolean enabled) { return set(SettingKey.DPOP, enabled); }

        /** @param path where a login starts on request; {@code /<provider>} appended picks the provider */
        public Builder loginPath(String path) { return set(SettingKey.LOGIN_PATH, path); }

        /** @param provider {@code default} or the name of a {@code provider.<name>.*} provider: where pages send users to sign in */
        public Builder loginDefaultProvider(String provider) { return set(SettingKey.LOGIN_DEFAULT_PROVIDER, provider); }

        /** @param path where the app sends users to log out ({@code logout.path}) */
        public Builder logoutPath(String path) { return set(SettingKey.LOGOUT_PATH, path); }

        /** @param allowed whether a GET logs out too ({@code logout.allow-get}); off by default  */
        public Builder logoutAllowGet(boolean allowed) { return set(SettingKey.LOGOUT_ALLOW_GET, allowed); }

        /** @param target a path within the app or an absolute URL to land on after logout ({@code logout.redirect}) */
        public Builder logoutRedirect(String target) { return set(SettingKey.LOGOUT_REDIRECT, target); }

        /** @param path where the provider returns the browser after logout, within the app ({@code logout.return-path}) */
        public Builder logoutReturnPath(String path) { return set(SettingKey.LOGOUT_RETURN_PATH, path); }

        /** @param margin refresh the access token this long before it expires ({@code tokens.refresh-margin-seconds}) */
        public Builder refreshMargin(Duration margin) { return set(SettingKey.TOKENS_REFRESH_MARGIN_SECONDS, margin); }

        /** @param lifetime the access token lifetime to assume without {@code expires_in} or a JWT {@code exp} ({@code tokens.default-lifetime-seconds}) */
        public Builder defaultTokenLifetime(Duration lifetime) { return set(SettingKey.TOKENS_DEFAULT_LIFETIME_SECONDS, lifetime); }

        /** @param maxAge the longest a signed-in state lasts after login, zero for no limit ({@code session.max-age-seconds}) */
        public Builder maxSessionAge(Duration maxAge) { return set(SettingKey.SESSION_MAX_AGE_SECONDS, maxAge); }

        /** @param claim the claim holding role names, as a dotted path ({@code roles.claim}) */
        public Builder rolesClaim(String claim) { return set(SettingKey.ROLES_CLAIM, claim); }

        /** @param prefix a prefix removed from role names ({@code roles.strip-prefix}) */
        public Builder rolesStripPrefix(String prefix) { return set(SettingKey.ROLES_STRIP_PREFIX, prefix); }

        /** @param enabled whether to fetch the userinfo endpoint's claims after login ({@code userinfo.enabled}) */
        public Builder userInfoEnabled(boolean enabled) { return set(SettingKey.USERINFO_ENABLED, enabled); }

        /** @param path where back-channel logout requests are accepted ({@code backchannel-logout.path}) */
        public Builder backchannelLogoutPath(String path) { return set(SettingKey.BACKCHANNEL_LOGOUT_PATH, path); }

        /** @param paths paths that need a stronger sign-in, exact or prefixes ending in {@code /*} ({@code step-up.paths}) */
        public Builder stepUpPaths(String... paths) { return set(SettingKey.STEP_UP_PATHS, paths); }

        /** @param acrValues the authentication context classes that satisfy the step-up paths ({@code step-up.acr-values}) */
        public Builder stepUpAcrValues(String... acrValues) { return set(SettingKey.STEP_UP_ACR_VALUES, acrValues); }

        /** @param maxAge the longest time since authentication the step-up paths accept ({@code step-up.max-age-seconds}) */
        public Builder stepUpMaxAge(Duration maxAge) { return set(SettingKey.STEP_UP_MAX_AGE_SECONDS, maxAge); }

        /**
         * @param className a class implementing {@link ClusterStore}, created at {@link #build()} ({@code
         *     cluster.store}); {@link #clusterStore(ClusterStore)} gives an instance instead
         * @return this builder
         */
        public Builder clusterStoreClass(String className) { return set(SettingKey.CLUSTER_STORE, className); }

        /** @param count how many logins one session may have pending at once ({@code login.max-pending}) */
        public Builder maxPendingLogins(int count) { return set(SettingKey.LOGIN_MAX_PENDING, Integer.toString(count)); }

        /** @param ttl how long a started login may take ({@code login.pending-ttl-seconds}) */
        public Builder pendingLoginTtl(Duration ttl) { return set(SettingKey.LOGIN_PENDING_TTL_SECONDS, ttl); }

        /** @param timeout connect timeout for calls to the provider ({@code http.connect-timeout-ms}) */
        public Builder connectTimeout(Duration timeout) { return set(SettingKey.HTTP_CONNECT_TIMEOUT_MS, timeout); }

        /** @param timeout read timeout for calls to the provider ({@code http.read-timeout-ms}) */
        public Builder readTimeout(Duration timeout) { return set(SettingKey.HTTP_READ_TIMEOUT_MS, timeout); }

        /** @param algorithms the JWS algorithms accepted on ID tokens ({@code id-token.algorithms}) */
        public Builder idTokenAlgorithms(String... algorithms) { return set(SettingKey.ID_TOKEN_ALGORITHMS, algorithms); }

        /** @param skew the clock skew allowed on ID token times ({@code id-token.clock-skew-seconds}) */
        public Builder clockSkew(Duration skew) { return set(SettingKey.ID_TOKEN_CLOCK_SKEW_SECONDS, skew); }

        private Builder set(SettingKey key, String value) {
            return set(key.key(), value);
        }

        private Builder set(SettingKey key, boolean value) {
            return set(key.key(), Boolean.toString(value));
        }

        /** No items removes the key: an empty list must not read as a given, blank value. */
        private Builder set(SettingKey key, String... items) {
            return set(key.key(), items == null || items.length == 0 ? null : String.join(",", items));
        }

        /**
         * A duration in the key's unit. One that does not fit the unit exactly (half a second for a key in
         * seconds) is kept in ISO form, so that {@link #build()} refuses it instead of rounding it.
         */
        private Builder set(SettingKey key, Duration duration) {
            if (duration == null) {
                return set(key.key(), (String) null);
            }
            boolean millis = key.kind() == SettingKey.Kind.MILLIS;
            boolean whole = duration.getNano() % (millis ? 1_000_000 : 1_000_000_000) == 0;
            return set(key.key(), !whole ? duration.toString()
                    : Long.toString(millis ? duration.toMillis() : duration.getSeconds()));
        }

        /** @return the values given so far, by key (for tests) */
        Map<String, String> given() {
            return Collections.unmodifiableMap(raw);
        }

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
            if (clusterStore != null && raw.containsKey(SettingKey.CLUSTER_STORE.key())) {
                throw new SettingsException(Collections.singletonList(SettingKey.CLUSTER_STORE
                        + ": expected a store given either in code or by class name, found both"));
            }
            return new FilterSettings(new Settings(Collections.unmodifiableMap(raw), environment, clock, clusterStore));
        }
    }
}
