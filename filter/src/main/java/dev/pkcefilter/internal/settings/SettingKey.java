package dev.pkcefilter.internal.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every configuration key, declared once: its name, its kind (which decides parsing, the builder's
 * setter type and whether the value is a secret), its default and allowed range, and how the
 * configuration reference presents it (meaning and example, in Markdown).
 *
 * <p>From these declarations come: the set of known keys (an unknown key is refused, with a
 * suggestion), the generic parsing and range checks ({@link RawSettings}), the masked settings line
 * ({@link Settings#toString()}), and the table of docs/configuration.md ({@code
 * ConfigurationReferenceTest} fails when they differ; {@code BuilderSettersTest} fails when a key has
 * no typed setter). Checks that need more than the kind (an issuer URL, a key file) live with the
 * section readers, which name keys through these constants.
 */
public enum SettingKey {

    ISSUER("issuer", Kind.TEXT, Scope.PROVIDER, none("(required)"),
            "The provider's issuer identifier, exactly as its discovery document states it (trailing slash included). https, or http on a loopback host for development.",
            "`https://login.example.com/realms/main`"),
    DISPLAY_NAME("display-name", Kind.TEXT, Scope.PROVIDER, none("the issuer's host and path"),
            "The provider's name on the sign-in chooser page, shown when there are several providers.",
            "`Company account`"),
    CLIENT_ID("client.id", Kind.TEXT, Scope.PROVIDER, none("(required)"),
            "The client id registered at the provider.",
            "`orders-app`"),
    CLIENT_SECRET("client.secret", Kind.SECRET, Scope.PROVIDER, none("(required, except with `private_key_jwt` and mutual TLS)"),
            "The client secret. At least 32 characters for `client_secret_jwt` (HS256). Never logged or shown.",
            "`${env:OIDC_CLIENT_SECRET}`"),
    CLIENT_AUTH_METHOD("client.auth-method", Kind.TEXT, Scope.PROVIDER, value("client_secret_basic"),
            "Client authentication at the token endpoint, by its registered name: `client_secret_basic`, `client_secret_post`, `client_secret_jwt`, `private_key_jwt`, or mutual TLS (RFC 8705) with `client.tls.certificate`: `tls_client_auth` (a certificate from a CA the provider trusts) or `self_signed_tls_client_auth`. Always sent together with the PKCE verifier.",
            "`private_key_jwt`"),
    CLIENT_KEY("client.key", Kind.TEXT, Scope.PROVIDER, none("(required for `private_key_jwt`)"),
            "The client's private key file: PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`), a JWK or JWK set, or a PKCS#12 / JKS keystore; the form is told by the content.",
            "`/run/secrets/oidc-key.pem`"),
    CLIENT_KEY_PASSWORD("client.key.password", Kind.SECRET, Scope.PROVIDER, none("(none)"),
            "The keystore's password (keystores only).",
            "`${env:OIDC_KEYSTORE_PASSWORD}`"),
    CLIENT_KEY_ALIAS("client.key.alias", Kind.TEXT, Scope.PROVIDER, none("the only key entry"),
            "The keystore alias.",
            "`oidc-client`"),
    CLIENT_KEY_ID("client.key.id", Kind.TEXT, Scope.PROVIDER, none("the key's own `kid`, else its RFC 7638 thumbprint"),
            "Selects the key in a JWK set with several; sets the `kid` of PEM and keystore keys.",
            "`2026-11`"),
    CLIENT_KEY_ALGORITHM("client.key.algorithm", Kind.TEXT, Scope.PROVIDER, none("from the key: RSA → `RS256`, EC P-256 → `ES256`, P-384 → `ES384`"),
            "`RS256`, `PS256`, `PS384`, `ES256` or `ES384`. Must fit the key (RSA keys of at least 2048 bits).",
            "`PS256`"),
    CLIENT_NEXT_KEY("client.next-key", Kind.TEXT, Scope.PROVIDER, none("(none)"),
            "A second key (same forms as `client.key`), published at `jwks.path` but not used for signing yet: rotation without a gap.",
            "`/run/secrets/oidc-key-next.pem`"),
    CLIENT_NEXT_KEY_PASSWORD("client.next-key.password", Kind.SECRET, Scope.PROVIDER, none("(none)"),
            "The second keystore's password (keystores only).",
            "`${env:OIDC_NEXT_KEYSTORE_PASSWORD}`"),
    CLIENT_NEXT_KEY_ALIAS("client.next-key.alias", Kind.TEXT, Scope.PROVIDER, none("the only key entry"),
            "The second keystore's alias.",
            "`oidc-client-next`"),
    CLIENT_NEXT_KEY_ID("client.next-key.id", Kind.TEXT, Scope.PROVIDER, none("the key's own `kid`, else its RFC 7638 thumbprint"),
            "As `client.key.id`, for the second key.",
            "`2027-05`"),
    CLIENT_ASSERTION_AUDIENCE("client.assertion.audience", Kind.TEXT, Scope.PROVIDER, value("issuer"),
            "The `aud` of client assertions at the token endpoint: the provider's issuer identifier, or `token-endpoint` for providers that still want the endpoint URL. Pushed authorization requests always name the issuer. With `token-endpoint`, a key or secret shared with another provider is refused at startup: the endpoint URL comes from the provider's metadata, so such an assertion could be replayed at the other.",
            "`token-endpoint`"),
    CLIENT_ASSERTION_LIFETIME_SECONDS("client.assertion.lifetime-seconds", Kind.SECONDS, Scope.PROVIDER, range(60, 5, 60),
            "How far ahead an assertion's `exp` is.",
            "`30`"),
    CLIENT_TLS_CERTIFICATE("client.tls.certificate", Kind.TEXT, Scope.PROVIDER, none("(required for `tls_client_auth` and `self_signed_tls_client_auth`)"),
            "The client's certificate for mutual TLS (RFC 8705): a PKCS#12 or JKS keystore with its key, or a PEM file with the certificate (its chain may follow) and the key, unless `client.tls.key` names the key's own file. Presented whenever the provider asks for one; the token, PAR and userinfo calls go to its `mtls_endpoint_aliases` when it lists them, and must be https. A provider that registered the client with `tls_client_certificate_bound_access_tokens` binds its access tokens to it; apps then call APIs through `TokenAccess.tlsContext()`. With any `client.auth-method`.",
            "`/run/secrets/oidc-client.p12`"),
    CLIENT_TLS_KEY("client.tls.key", Kind.TEXT, Scope.PROVIDER, none("in `client.tls.certificate`"),
            "The private key (PEM) of a PEM `client.tls.certificate`, when it is in a file of its own.",
            "`/run/secrets/oidc-client.key`"),
    CLIENT_TLS_PASSWORD("client.tls.password", Kind.SECRET, Scope.PROVIDER, none("(none)"),
            "The password of a keystore `client.tls.certificate`.",
            "`${env:OIDC_TLS_PASSWORD}`"),
    CLIENT_TLS_ALIAS("client.tls.alias", Kind.TEXT, Scope.PROVIDER, none("the only key entry"),
            "The alias of the client's key in a keystore `client.tls.certificate` that has several.",
            "`orders-app`"),
    TLS_TRUST_STORE("tls.trust-store", Kind.TEXT, Scope.PROVIDER, none("the JVM's trusted CAs"),
            "The certificates that the provider's TLS certificate is checked against, instead of the JVM's (a company CA in front of an internal provider): a PEM file of CA certificates, or a PKCS#12 or JKS trust store. For every call the filter makes to the provider: discovery, keys, token, PAR and userinfo.",
            "`/etc/pki/company-ca.pem`"),
    TLS_TRUST_STORE_PASSWORD("tls.trust-store.password", Kind.SECRET, Scope.PROVIDER, none("(none)"),
            "The password of a PKCS#12 or JKS `tls.trust-store`.",
            "`changeit`"),
    JWKS_PATH("jwks.path", Kind.PATH, Scope.FILTER, none("(off)"),
            "Serve the public part of `client.key` and `client.next-key` as a JWK set at this path (for registering the client with a `jwks_uri`). `private_key_jwt` only.",
            "`/oauth2/jwks`"),
    SCOPES("scopes", Kind.LIST, Scope.PROVIDER, value("openid profile email"),
            "Scopes to request, separated by spaces or commas; `openid` is always added.",
            "`openid email groups`"),
    RESPONSE_MODE("response-mode", Kind.TEXT, Scope.PROVIDER, value("query"),
            "How the provider returns the code: `query` (a redirect), `form_post` (a POST from the browser: the code stays out of the URL, history and `Referer`; needs https, see \"Several providers\"), or `auto` (`form_post` when the provider lists it in `response_modes_supported`).",
            "`form_post`"),
    PAR("par", Kind.TEXT, Scope.PROVIDER, value("auto"),
            "Pushed authorization requests (RFC 9126): `auto` pushes them when the provider requires it (`require_pushed_authorization_requests`), `always` pushes every one and refuses to start without a `pushed_authorization_request_endpoint`. The request goes to the provider directly, with the token call's client authentication; the browser carries only `client_id` and `request_uri`.",
            "`always`"),
    PROFILE("profile", Kind.TEXT, Scope.PROVIDER, none("(none)"),
            "`fapi2-security`: the FAPI 2.0 Security Profile. Every authorization request is pushed (PAR), the client authenticates with `private_key_jwt` (PS256 or ES256) or mutual TLS, tokens are sender-constrained: DPoP-bound (`dpop=true`) or bound to `client.tls.certificate` (the provider must announce `tls_client_certificate_bound_access_tokens`), ID tokens are signed with PS256, ES256 or EdDSA, and the provider must send `iss` in its responses. The filter refuses to start naming each setting, or each part of the provider's metadata, that falls short.",
            "`fapi2-security`"),
    DPOP("dpop", Kind.FLAG, Scope.PROVIDER, value("false"),
            "Sender-constrained tokens with DPoP (RFC 9449): each session gets its own EC P-256 key, kept server side; the code is bound to it (`dpop_jkt`), every token call and refresh carries a fresh proof, and the access token must come back as `token_type=DPoP`. The provider must list ES256 in `dpop_signing_alg_values_supported`. Apps call APIs with `TokenAccess.authorizationHeader()` and `TokenAccess.dpopProof(...)`.",
            "`true`"),
    CALLBACK_PATH("callback.path", Kind.PATH, Scope.FILTER, value("/oauth2/callback"),
            "The redirect URI's path within the app (after the context path).",
            "`/login/callback`"),
    EXTERNAL_BASE_URL("external.base-url", Kind.TEXT, Scope.FILTER, none("(from the request)"),
            "The app's external URL (scheme, host, port, path of the app's root). When set, it wins: proxy headers are not needed and are not read. This key or `proxy.allowed-hosts` is required unless the issuer is on a loopback address.",
            "`https://apps.example.com/orders`"),
    PROXY_TRUSTED("proxy.trusted", Kind.LIST, Scope.FILTER, none("(none)"),
            "IP addresses or CIDR ranges (IPv4, IPv6) of the reverse proxies whose `Forwarded` / `X-Forwarded-*` headers are believed. No host names.",
            "`10.0.0.0/8, ::1`"),
    PROXY_HEADERS("proxy.headers", Kind.TEXT, Scope.FILTER, value("auto"),
            "Which forwarding headers a trusted proxy sets: `forwarded` (RFC 7239), `x-forwarded` (`X-Forwarded-Proto/-Host/-Port/-Prefix`), `both` (read `Forwarded`; a request whose `X-Forwarded-*` say otherwise gets a 400 page), or `auto`: whichever the request carries, and a 400 page when it carries both, since a proxy passes on the family it does not set from the client. Name the family, and have the proxy clear the other (see \"Behind a reverse proxy\").",
            "`x-forwarded`"),
    PROXY_ALLOWED_HOSTS("proxy.allowed-hosts", Kind.LIST, Scope.FILTER, none("(loopback hosts only, and only for a loopback issuer)"),
            "Hosts (optionally `host:port`) the app may be reached at. A request for another host gets a 400 page, never a redirect URI on that host. `*` alone follows any `Host` header (one WARN at startup; not recommended). Without this key and `external.base-url`, a filter whose issuer is not on a loopback address refuses to start.",
            "`apps.example.com`"),
    LOGIN_PATH("login.path", Kind.PATH, Scope.FILTER, value("/oauth2/login"),
            "Where a login starts on request: `<login.path>/<provider>` signs in with that provider (`default` names the provider of the keys without prefix), `<login.path>` alone with `login.default-provider` or shows the chooser. Optional query parameters: `return` (a path within the app to land on), `login_hint`, and `prompt` (`login`, `consent` or `select_account`), passed to the provider.",
            "`/login`"),
    LOGIN_DEFAULT_PROVIDER("login.default-provider", Kind.TEXT, Scope.FILTER, none("the only provider; with several, the chooser page"),
            "The provider a page that needs a signed-in user sends the browser to: `default` or a name from `provider.<name>.issuer`.",
            "`partner`"),
    LOGOUT_PATH("logout.path", Kind.PATH, Scope.FILTER, value("/oauth2/logout"),
            "Where the app sends users to log out (a form POST).",
            "`/logout`"),
    LOGOUT_ALLOW_GET("logout.allow-get", Kind.FLAG, Scope.FILTER, value("false"),
            "Also log out on GET. Off: a cross-site GET (an image tag) must not log people out.",
            "`true`"),
    LOGOUT_REDIRECT("logout.redirect", Kind.TEXT, Scope.FILTER, value("/"),
            "Where the browser lands after logout: a path within the app, or an absolute URL.",
            "`/goodbye`"),
    LOGOUT_RETURN_PATH("logout.return-path", Kind.PATH, Scope.FILTER, value("/oauth2/logged-out"),
            "Where the provider sends the browser back after logout: register `<app URL>/oauth2/logged-out` as the client's `post_logout_redirect_uri`. The filter sends a fresh `state` with each logout, bound to the browser by a cookie, and on the return sends the browser on to `logout.redirect` only when the `state` is that one; a return without it, or with another, lands on the app's root.",
            "`/signed-out`"),
    TOKENS_REFRESH_MARGIN_SECONDS("tokens.refresh-margin-seconds", Kind.SECONDS, Scope.FILTER, range(30, 0, 600),
            "Refresh the access token this long before it expires.",
            "`60`"),
    TOKENS_DEFAULT_LIFETIME_SECONDS("tokens.default-lifetime-seconds", Kind.SECONDS, Scope.FILTER, range(300, 30, 86400),
            "The access token's lifetime when the token response has no `expires_in` and the token is not a JWT with `exp`: it is then refreshed after this long (only with a refresh token; without one it is used until the app's `TokenAccess.refresh` reports it rejected).",
            "`3600`"),
    SESSION_MAX_AGE_SECONDS("session.max-age-seconds", Kind.SECONDS, Scope.FILTER, range(0, 0, 30L * 24 * 3600),
            "The longest a signed-in state lasts after login, whatever the container session does; `0`: no limit.",
            "`28800`"),
    ROLES_CLAIM("roles.claim", Kind.TEXT, Scope.PROVIDER, none("(none)"),
            "The claim holding role names, as a dotted path: a list of strings or a space-separated string. Feeds `isUserInRole`.",
            "`realm_access.roles`"),
    ROLES_STRIP_PREFIX("roles.strip-prefix", Kind.TEXT, Scope.PROVIDER, none("(none)"),
            "A prefix removed from role names.",
            "`ROLE_`"),
    USERINFO_ENABLED("userinfo.enabled", Kind.FLAG, Scope.PROVIDER, value("false"),
            "After login, also fetch the userinfo endpoint's claims; its `sub` must be the ID token's, or the login fails. ID token claims win on conflicts.",
            "`true`"),
    STEP_UP_PATHS("step-up.paths", Kind.LIST, Scope.FILTER, none("(none)"),
            "Paths within the app that need a stronger sign-in than the first one: exact paths, or prefixes ending in `/*`. A user whose login does not meet `step-up.acr-values` and `step-up.max-age-seconds` is sent to sign in again with them as `acr_values` and `max_age`; a request that is not a page gets 401 with `error=\"insufficient_user_authentication\"` (RFC 9470).",
            "`/admin/*, /payments/transfer`"),
    STEP_UP_ACR_VALUES("step-up.acr-values", Kind.LIST, Scope.FILTER, none("(none)"),
            "Authentication context classes, any one of which satisfies `step-up.paths`: the ID token's `acr` must be one of them (OIDC Core 3.1.2.1).",
            "`urn:example:mfa`"),
    STEP_UP_MAX_AGE_SECONDS("step-up.max-age-seconds", Kind.SECONDS, Scope.FILTER, optional(0, 86400),
            "For `step-up.paths`: the longest time since the user last authenticated at the provider; the ID token's `auth_time` must be within it (OIDC Core 3.1.3.7).",
            "`300`"),
    BACKCHANNEL_LOGOUT_PATH("backchannel-logout.path", Kind.PATH, Scope.FILTER, none("(off)"),
            "Accept OIDC Back-Channel Logout requests at this path.",
            "`/oauth2/backchannel-logout`"),
    CLUSTER_STORE("cluster.store", Kind.TEXT, Scope.FILTER, none("(this node's memory)"),
            "A class implementing `dev.pkcefilter.ClusterStore` (public, with a public constructor without parameters) that all nodes share: back-channel logout, logout token replay and token refresh then hold across nodes. In code: `FilterSettings.builder().clusterStore(store)`. See \"Running on several nodes\".",
            "`com.example.RedisClusterStore`"),
    LOGIN_MAX_PENDING("login.max-pending", Kind.COUNT, Scope.FILTER, range(10, 1, 100),
            "Logins one session may have started and not finished (tabs); the oldest is dropped beyond it.",
            "`5`"),
    LOGIN_PENDING_TTL_SECONDS("login.pending-ttl-seconds", Kind.SECONDS, Scope.FILTER, range(600, 30, 3600),
            "How long a started login may take before its callback is refused.",
            "`300`"),
    HTTP_CONNECT_TIMEOUT_MS("http.connect-timeout-ms", Kind.MILLIS, Scope.FILTER, range(5000, 100, 60000),
            "Connect timeout for discovery, keys and the token call.",
            "`2000`"),
    HTTP_READ_TIMEOUT_MS("http.read-timeout-ms", Kind.MILLIS, Scope.FILTER, range(5000, 100, 60000),
            "Read timeout for the same calls.",
            "`10000`"),
    ID_TOKEN_ALGORITHMS("id-token.algorithms", Kind.LIST, Scope.PROVIDER, value("RS256", "`RS256`; with `profile=fapi2-security`: `PS256,ES256,EdDSA`"),
            "The JWS algorithms the client is registered for (its `id_token_signed_response_alg`): ID and logout tokens signed with any other are refused (OIDC Core §3.1.3.7, Back-Channel Logout §2.6), even when the provider publishes the key. Startup fails when the provider's `id_token_signing_alg_values_supported` offers none of them. Asymmetric only: `none` and HMAC are refused. `Ed25519` (RFC 9864's name for EdDSA over that curve) may be listed too.",
            "`ES256`"),
    ID_TOKEN_CLOCK_SKEW_SECONDS("id-token.clock-skew-seconds", Kind.SECONDS, Scope.FILTER, range(60, 0, 300),
            "Clock difference tolerated on `exp` and `iat`.",
            "`30`");

    /** How a value is parsed and shown; the builder's typed setter takes the matching Java type. */
    /** Whose value a key is: the filter's, or each provider's (declared here, beside the key, not in a list). */
    public enum Scope {
        /** One value for the filter. */
        FILTER,
        /**
         * One value per provider: the key without prefix for the provider named {@code default}, and
         * {@code provider.<name>.<key>} for each other one, with no inheritance between them.
         */
        PROVIDER
    }

    public enum Kind {
        /** Free text, checked by its reader. */
        TEXT,
        /** Free text that is never shown: not in a message, a log line or {@code toString()}. */
        SECRET,
        /** A path within the app, such as {@code /oauth2/callback}. */
        PATH,
        /** {@code true} or {@code false}. */
        FLAG,
        /** Items separated by spaces or commas. */
        LIST,
        /** A whole number in the declared range. */
        COUNT,
        /** A whole number of seconds in the declared range. */
        SECONDS,
        /** A whole number of milliseconds in the declared range. */
        MILLIS
    }

    /** A key's default (null: none, the reader decides) and, for numbers, its allowed range. */
    public static final class Spec {
        public final String value;
        public final String shown;
        public final long min;
        public final long max;

        private Spec(String value, String shown, long min, long max) {
            this.value = value;
            this.shown = shown;
            this.min = min;
            this.max = max;
        }
    }

    private static Spec none(String shown) {
        return new Spec(null, shown, 0, 0);
    }

    private static Spec value(String value) {
        return new Spec(value, "`" + value + "`", 0, 0);
    }

    /** A default whose reference text says more than the value. */
    private static Spec value(String value, String shown) {
        return new Spec(value, shown, 0, 0);
    }

    private static Spec optional(long min, long max) {
        return new Spec(null, "(none)", min, max);
    }

    private static Spec range(long value, long min, long max) {
        return new Spec(Long.toString(value), "`" + value + "`", min, max);
    }

    private static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>();
        for (SettingKey key : values()) {
            names.add(key.key);
        }
        NAMES = Collections.unmodifiableList(names);
    }

    private final String key;
    private final Kind kind;
    private final Scope scope;
    private final Spec spec;
    private final String meaning;
    private final String example;

    SettingKey(String key, Kind kind, Scope scope, Spec spec, String meaning, String example) {
        this.key = key;
        this.kind = kind;
        this.scope = scope;
        this.spec = spec;
        this.meaning = meaning;
        this.example = example;
    }

    /** @return the key as written in a properties file */
    public String key() {
        return key;
    }

    /** @return the key as written in a properties file, so that a message built with {@code +} names it */
    @Override
    public String toString() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * @return whether each provider has its own value, set as {@code provider.<name>.<key>} for a named
     *     provider (no inheritance from the key without prefix, which belongs to the provider named {@code default})
     */
    public boolean isPerProvider() {
        return scope == Scope.PROVIDER;
    }

    /** @return whether the value is a secret: never shown in a message, a log line or {@code toString()} */
    public boolean isSecret() {
        return kind == Kind.SECRET;
    }

    /** @return the value used when the key is absent, as written in a properties file; null when there is none */
    public String defaultValue() {
        return spec.value;
    }

    public boolean isNumber() {
        return kind == Kind.COUNT || kind == Kind.SECONDS || kind == Kind.MILLIS;
    }

    public long min() {
        return spec.min;
    }

    public long max() {
        return spec.max;
    }

    /** @return the key by its name, or null for an unknown key */
    public static SettingKey named(String name) {
        for (SettingKey key : values()) {
            if (key.key.equals(name)) {
                return key;
            }
        }
        return null;
    }

    /** @return the keys each provider has, in the configuration reference's order */
    public static List<String> perProviderNames() {
        List<String> names = new ArrayList<>();
        for (SettingKey key : values()) {
            if (key.isPerProvider()) {
                names.add(key.key);
            }
        }
        return names;
    }

    /** @return every key, in the configuration reference's order */
    public static List<String> names() {
        return NAMES;
    }

    /** @return the configuration reference as a Markdown table, one row per key */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| key | default | meaning | example |\n|---|---|---|---|\n");
        for (SettingKey setting : values()) {
            table.append("| `").append(setting.key).append("` | ").append(setting.spec.shown).append(" | ")
                    .append(setting.meaning).append(setting.rangeText())
                    .append(setting.isPerProvider() ? " Per provider." : "").append(" | ").append(setting.example).append(" |\n");
        }
        return table.toString();
    }

    /** The allowed range as the reference states it, e.g. " 0 to 600 seconds."; empty for keys that are not numbers. */
    private String rangeText() {
        if (!isNumber()) {
            return "";
        }
        String unit = kind == Kind.SECONDS ? " seconds" : kind == Kind.MILLIS ? " ms" : "";
        return " " + spec.min + " to " + spec.max + unit + ".";
    }
}
