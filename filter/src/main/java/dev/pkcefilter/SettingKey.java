package dev.pkcefilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every configuration key, declared once: its name, whether its value is a secret, and how the
 * configuration reference presents it (default, meaning, example, in Markdown). The set of known keys
 * (an unknown key is refused, with a suggestion) and the README's configuration table come from here;
 * {@code ConfigurationReferenceTest} fails when the README's table and these declarations differ.
 *
 * <p>Parsing and validation still live with the readers ({@link SettingsReader} and its sections),
 * which name the keys through these constants.
 */
enum SettingKey {

    ISSUER("issuer", false,
            "(required)",
            "The provider's issuer identifier, exactly as its discovery document states it (trailing slash included). https, or http on a loopback host for development.",
            "`https://login.example.com/realms/main`"),
    CLIENT_ID("client.id", false,
            "(required)",
            "The client id registered at the provider.",
            "`orders-app`"),
    CLIENT_SECRET("client.secret", true,
            "(required, except with `private_key_jwt`)",
            "The client secret. At least 32 characters for `client_secret_jwt` (HS256). Never logged or shown.",
            "`${env:OIDC_CLIENT_SECRET}`"),
    CLIENT_AUTH_METHOD("client.auth-method", false,
            "`client_secret_basic`",
            "Client authentication at the token endpoint, by its registered name: `client_secret_basic`, `client_secret_post`, `client_secret_jwt` or `private_key_jwt`. Always sent together with the PKCE verifier.",
            "`private_key_jwt`"),
    CLIENT_KEY("client.key", false,
            "(required for `private_key_jwt`)",
            "The client's private key file: PEM (`PRIVATE KEY`, `RSA PRIVATE KEY`, `EC PRIVATE KEY`), a JWK or JWK set, or a PKCS#12 / JKS keystore; the form is told by the content.",
            "`/run/secrets/oidc-key.pem`"),
    CLIENT_KEY_PASSWORD("client.key.password", true,
            "(none)",
            "The keystore's password (keystores only).",
            "`${env:OIDC_KEYSTORE_PASSWORD}`"),
    CLIENT_KEY_ALIAS("client.key.alias", false,
            "the only key entry",
            "The keystore alias.",
            "`oidc-client`"),
    CLIENT_KEY_ID("client.key.id", false,
            "the key's own `kid`, else its RFC 7638 thumbprint",
            "Selects the key in a JWK set with several; sets the `kid` of PEM and keystore keys.",
            "`2026-11`"),
    CLIENT_KEY_ALGORITHM("client.key.algorithm", false,
            "from the key: RSA → `RS256`, EC P-256 → `ES256`, P-384 → `ES384`",
            "`RS256`, `PS256`, `PS384`, `ES256` or `ES384`. Must fit the key (RSA keys of at least 2048 bits).",
            "`PS256`"),
    CLIENT_NEXT_KEY("client.next-key", false,
            "(none)",
            "A second key (same forms as `client.key`), published at `jwks.path` but not used for signing yet: rotation without a gap.",
            "`/run/secrets/oidc-key-next.pem`"),
    CLIENT_NEXT_KEY_PASSWORD("client.next-key.password", true,
            "(none)",
            "The second keystore's password (keystores only).",
            "`${env:OIDC_NEXT_KEYSTORE_PASSWORD}`"),
    CLIENT_NEXT_KEY_ALIAS("client.next-key.alias", false,
            "the only key entry",
            "The second keystore's alias.",
            "`oidc-client-next`"),
    CLIENT_NEXT_KEY_ID("client.next-key.id", false,
            "the key's own `kid`, else its RFC 7638 thumbprint",
            "As `client.key.id`, for the second key.",
            "`2027-05`"),
    CLIENT_ASSERTION_AUDIENCE("client.assertion.audience", false,
            "`issuer`",
            "The `aud` of client assertions: the provider's issuer identifier, or `token-endpoint` for providers that still want the endpoint URL.",
            "`token-endpoint`"),
    CLIENT_ASSERTION_LIFETIME_SECONDS("client.assertion.lifetime-seconds", false,
            "`60`",
            "How far ahead an assertion's `exp` is. 5 to 60.",
            "`30`"),
    JWKS_PATH("jwks.path", false,
            "(off)",
            "Serve the public part of `client.key` and `client.next-key` as a JWK set at this path (for registering the client with a `jwks_uri`). `private_key_jwt` only.",
            "`/oauth2/jwks`"),
    SCOPES("scopes", false,
            "`openid profile email`",
            "Scopes to request, separated by spaces or commas; `openid` is always added.",
            "`openid email groups`"),
    CALLBACK_PATH("callback.path", false,
            "`/oauth2/callback`",
            "The redirect URI's path within the app (after the context path).",
            "`/login/callback`"),
    EXTERNAL_BASE_URL("external.base-url", false,
            "(from the request)",
            "The app's external URL (scheme, host, port, path of the app's root). When set, it wins: proxy headers are not needed and are not read. This key or `proxy.allowed-hosts` is required unless the issuer is on a loopback address.",
            "`https://apps.example.com/orders`"),
    PROXY_TRUSTED("proxy.trusted", false,
            "(none)",
            "IP addresses or CIDR ranges (IPv4, IPv6) of the reverse proxies whose `Forwarded` / `X-Forwarded-*` headers are believed. No host names.",
            "`10.0.0.0/8, ::1`"),
    PROXY_ALLOWED_HOSTS("proxy.allowed-hosts", false,
            "(loopback hosts only, and only for a loopback issuer)",
            "Hosts (optionally `host:port`) the app may be reached at. A request for another host gets a 400 page, never a redirect URI on that host. `*` alone follows any `Host` header (one WARN at startup; not recommended). Without this key and `external.base-url`, a filter whose issuer is not on a loopback address refuses to start.",
            "`apps.example.com`"),
    LOGOUT_PATH("logout.path", false,
            "`/oauth2/logout`",
            "Where the app sends users to log out (a form POST).",
            "`/logout`"),
    LOGOUT_ALLOW_GET("logout.allow-get", false,
            "`false`",
            "Also log out on GET. Off: a cross-site GET (an image tag) must not log people out.",
            "`true`"),
    LOGOUT_REDIRECT("logout.redirect", false,
            "`/`",
            "Where the browser lands after logout: a path within the app, or an absolute URL. Register it at the provider as a `post_logout_redirect_uri`.",
            "`/goodbye`"),
    TOKENS_REFRESH_MARGIN_SECONDS("tokens.refresh-margin-seconds", false,
            "`30`",
            "Refresh the access token this long before it expires. 0 to 600.",
            "`60`"),
    SESSION_MAX_AGE_SECONDS("session.max-age-seconds", false,
            "`0` (off)",
            "The longest a signed-in state lasts after login, whatever the container session does. Up to 30 days.",
            "`28800`"),
    ROLES_CLAIM("roles.claim", false,
            "(none)",
            "The claim holding role names, as a dotted path: a list of strings or a space-separated string. Feeds `isUserInRole`.",
            "`realm_access.roles`"),
    ROLES_STRIP_PREFIX("roles.strip-prefix", false,
            "(none)",
            "A prefix removed from role names.",
            "`ROLE_`"),
    USERINFO_ENABLED("userinfo.enabled", false,
            "`false`",
            "After login, also fetch the userinfo endpoint's claims; its `sub` must be the ID token's, or the login fails. ID token claims win on conflicts.",
            "`true`"),
    BACKCHANNEL_LOGOUT_PATH("backchannel-logout.path", false,
            "(off)",
            "Accept OIDC Back-Channel Logout requests at this path.",
            "`/oauth2/backchannel-logout`"),
    CLUSTER_STORE("cluster.store", false,
            "(this node's memory)",
            "A class implementing `dev.pkcefilter.ClusterStore` (public, with a public constructor without parameters) that all nodes share: back-channel logout, logout token replay and token refresh then hold across nodes. In code: `FilterSettings.builder().clusterStore(store)`. See \"Running on several nodes\".",
            "`com.example.RedisClusterStore`"),
    LOGIN_MAX_PENDING("login.max-pending", false,
            "`10`",
            "Logins one session may have started and not finished (tabs); the oldest is dropped beyond it. 1 to 100.",
            "`5`"),
    LOGIN_PENDING_TTL_SECONDS("login.pending-ttl-seconds", false,
            "`600`",
            "How long a started login may take before its callback is refused. 30 to 3600.",
            "`300`"),
    HTTP_CONNECT_TIMEOUT_MS("http.connect-timeout-ms", false,
            "`5000`",
            "Connect timeout for discovery, keys and the token call. 100 to 60000.",
            "`2000`"),
    HTTP_READ_TIMEOUT_MS("http.read-timeout-ms", false,
            "`5000`",
            "Read timeout for the same calls. 100 to 60000.",
            "`10000`"),
    ID_TOKEN_ALGORITHMS("id-token.algorithms", false,
            "`RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA`",
            "JWS algorithms accepted on ID tokens, intersected with the provider's `id_token_signing_alg_values_supported`. Asymmetric only: `none` and HMAC are refused. `Ed25519` (RFC 9864's name for EdDSA over that curve) may be listed too.",
            "`RS256`"),
    ID_TOKEN_CLOCK_SKEW_SECONDS("id-token.clock-skew-seconds", false,
            "`60`",
            "Clock difference tolerated on `exp` and `iat`. 0 to 300.",
            "`30`");

    private static final List<String> NAMES;

    static {
        List<String> names = new ArrayList<>();
        for (SettingKey key : values()) {
            names.add(key.key);
        }
        NAMES = Collections.unmodifiableList(names);
    }

    private final String key;
    private final boolean secret;
    private final String defaultShown;
    private final String meaning;
    private final String example;

    SettingKey(String key, boolean secret, String defaultShown, String meaning, String example) {
        this.key = key;
        this.secret = secret;
        this.defaultShown = defaultShown;
        this.meaning = meaning;
        this.example = example;
    }

    /** @return the key as written in a properties file */
    String key() {
        return key;
    }

    /** @return whether the value is a secret: never shown in a message, a log line or {@code toString()} */
    boolean isSecret() {
        return secret;
    }

    /** @return every key, in the configuration reference's order */
    static List<String> names() {
        return NAMES;
    }

    /** @return the configuration reference as a Markdown table, one row per key */
    static String markdownTable() {
        StringBuilder table = new StringBuilder("| key | default | meaning | example |\n|---|---|---|---|\n");
        for (SettingKey setting : values()) {
            table.append("| `").append(setting.key).append("` | ").append(setting.defaultShown).append(" | ")
                    .append(setting.meaning).append(" | ").append(setting.example).append(" |\n");
        }
        return table.toString();
    }
}
