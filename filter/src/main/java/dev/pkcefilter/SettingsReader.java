package dev.pkcefilter;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns raw key/value pairs into checked values, collecting every problem before failing. Each
 * problem reads {@code key: expected ..., found ...}; for the client secret, "found" never shows
 * the value.
 */
final class SettingsReader {

    static final String ISSUER = "issuer";
    static final String CLIENT_ID = "client.id";
    static final String CLIENT_SECRET = "client.secret";
    static final String CLIENT_AUTH_METHOD = "client.auth-method";
    static final String SCOPES = "scopes";
    static final String CALLBACK_PATH = "callback.path";
    static final String MAX_PENDING = "login.max-pending";
    static final String PENDING_TTL = "login.pending-ttl-seconds";
    static final String CONNECT_TIMEOUT = "http.connect-timeout-ms";
    static final String READ_TIMEOUT = "http.read-timeout-ms";
    static final String ID_TOKEN_ALGORITHMS = "id-token.algorithms";
    static final String CLOCK_SKEW = "id-token.clock-skew-seconds";
    static final String CLIENT_KEY = "client.key";
    static final String CLIENT_KEY_PASSWORD = "client.key.password";
    static final String CLIENT_KEY_ALIAS = "client.key.alias";
    static final String CLIENT_KEY_ID = "client.key.id";
    static final String CLIENT_KEY_ALGORITHM = "client.key.algorithm";
    static final String NEXT_KEY = "client.next-key";
    static final String NEXT_KEY_PASSWORD = "client.next-key.password";
    static final String NEXT_KEY_ALIAS = "client.next-key.alias";
    static final String NEXT_KEY_ID = "client.next-key.id";
    static final String ASSERTION_AUDIENCE = "client.assertion.audience";
    static final String ASSERTION_LIFETIME = "client.assertion.lifetime-seconds";
    static final String JWKS_PATH = "jwks.path";
    static final String EXTERNAL_BASE_URL = "external.base-url";
    static final String TRUSTED_PROXIES = "proxy.trusted";
    static final String ALLOWED_HOSTS = "proxy.allowed-hosts";

    /** Keys that only make sense with private_key_jwt. */
    private static final List<String> KEY_SETTINGS = Collections.unmodifiableList(Arrays.asList(
            CLIENT_KEY, CLIENT_KEY_PASSWORD, CLIENT_KEY_ALIAS, CLIENT_KEY_ID, CLIENT_KEY_ALGORITHM, NEXT_KEY,
            NEXT_KEY_PASSWORD, NEXT_KEY_ALIAS, NEXT_KEY_ID, JWKS_PATH));

    /** HS256 needs a key of 256 bits (RFC 7518 §3.2). */
    static final int MIN_JWT_SECRET_LENGTH = 32;

    static final List<String> KNOWN_KEYS = Collections.unmodifiableList(Arrays.asList(
            ISSUER, CLIENT_ID, CLIENT_SECRET, CLIENT_AUTH_METHOD, CLIENT_KEY, CLIENT_KEY_PASSWORD, CLIENT_KEY_ALIAS,
            CLIENT_KEY_ID, CLIENT_KEY_ALGORITHM, NEXT_KEY, NEXT_KEY_PASSWORD, NEXT_KEY_ALIAS, NEXT_KEY_ID,
            ASSERTION_AUDIENCE, ASSERTION_LIFETIME, JWKS_PATH, SCOPES, CALLBACK_PATH, EXTERNAL_BASE_URL, TRUSTED_PROXIES,
            ALLOWED_HOSTS, MAX_PENDING, PENDING_TTL,
            CONNECT_TIMEOUT, READ_TIMEOUT, ID_TOKEN_ALGORITHMS, CLOCK_SKEW));

    /** Asymmetric algorithms only: an HMAC ID token would be keyed with the client secret, and "none" is unsigned. */
    static final List<String> ASYMMETRIC_ALGORITHMS = Collections.unmodifiableList(Arrays.asList(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"));

    private static final List<String> DEFAULT_ALGORITHMS = Collections.unmodifiableList(Arrays.asList(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"));

    /** The checked values; fields are set only when the whole read succeeded. */
    static final class Values {
        URI issuer;
        String clientId;
        String clientSecret;
        ClientAuthMethod clientAuthMethod;
        List<String> scopes;
        String callbackPath;
        int maxPendingLogins;
        Duration pendingLoginTtl;
        Duration connectTimeout;
        Duration readTimeout;
        Set<String> idTokenAlgorithms;
        Duration clockSkew;
        SigningKeys signingKeys;
        boolean assertionAudienceIsTokenEndpoint;
        Duration assertionLifetime;
        String jwksPath;
        URI externalBaseUrl;
        TrustedProxies trustedProxies;
        List<String> allowedHosts;
    }

    private final Function<String, String> environment;
    private final List<String> problems = new ArrayList<>();
    private Map<String, String> raw;

    SettingsReader(Function<String, String> environment) {
        this.environment = environment;
    }

    Values read(Map<String, String> rawValues) {
        this.raw = rawValues;
        for (String key : rawValues.keySet()) {
            if (!KNOWN_KEYS.contains(key)) {
                problems.add(key + ": expected one of the known keys (" + String.join(", ", KNOWN_KEYS)
                        + "), found an unknown key");
            }
        }
        Values values = new Values();
        values.issuer = issuer();
        values.clientId = required(CLIENT_ID, "the client identifier registered at the provider");
        values.clientAuthMethod = clientAuthMethod();
        values.clientSecret = clientSecret(values.clientAuthMethod);
        values.signingKeys = signingKeys(values.clientAuthMethod);
        values.assertionAudienceIsTokenEndpoint = assertionAudienceIsTokenEndpoint();
        values.assertionLifetime = Duration.ofSeconds(number(ASSERTION_LIFETIME, 60, 5, 60));
        values.jwksPath = values.signingKeys == null ? null : optionalPath(JWKS_PATH);
        values.scopes = scopes();
        values.callbackPath = callbackPath();
        if (values.callbackPath.equals(values.jwksPath)) {
            problems.add(JWKS_PATH + ": expected a path other than " + CALLBACK_PATH + ", found the same '" + values.jwksPath + "'");
        }
        values.externalBaseUrl = externalBaseUrl();
        values.trustedProxies = trustedProxies();
        values.allowedHosts = allowedHosts();
        values.maxPendingLogins = (int) number(MAX_PENDING, 10, 1, 100);
        values.pendingLoginTtl = Duration.ofSeconds(number(PENDING_TTL, 600, 30, 3600));
        values.connectTimeout = Duration.ofMillis(number(CONNECT_TIMEOUT, 5000, 100, 60000));
        values.readTimeout = Duration.ofMillis(number(READ_TIMEOUT, 5000, 100, 60000));
        values.idTokenAlgorithms = algorithms();
        values.clockSkew = Duration.ofSeconds(number(CLOCK_SKEW, 60, 0, 300));
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return values;
    }

    /** The value with references resolved, or null when the key is absent or blank. */
    private String value(String key) {
        String value = raw.get(key);
        if (value == null) {
            return null;
        }
        try {
            value = PropertyReferences.resolve(value, environment).trim();
        } catch (PropertyReferences.UnresolvedReference e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
        return value.isEmpty() ? null : value;
    }

    private String required(String key, String expected) {
        String value = value(key);
        if (value == null && !problems.stream().anyMatch(p -> p.startsWith(key + ":"))) {
            problems.add(key + ": expected " + expected + ", found nothing");
        }
        return value;
    }

    private URI issuer() {
        String value = required(ISSUER, "the provider's issuer URL, e.g. https://login.example.com/realms/main");
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            problems.add(ISSUER + ": expected an absolute https URL, found '" + value + "', which is not a URL");
            return null;
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(ISSUER + ": expected an absolute https URL without query or fragment, found '" + value + "'");
            return null;
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean localHttp = "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
        if (!https && !localHttp) {
            problems.add(ISSUER + ": expected an https URL (plain http only on a loopback host, for development), found '"
                    + value + "'");
            return null;
        }
        return uri;
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(bare)) {
            return true;
        }
        // Only literal addresses: a name would need a DNS lookup, which could be made to lie.
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private ClientAuthMethod clientAuthMethod() {
        String value = value(CLIENT_AUTH_METHOD);
        if (value == null) {
            return ClientAuthMethod.CLIENT_SECRET_BASIC;
        }
        ClientAuthMethod method = ClientAuthMethod.byRegisteredName(value).orElse(null);
        if (method == null) {
            problems.add(CLIENT_AUTH_METHOD + ": expected one of " + ClientAuthMethod.allNames() + ", found '" + value + "'");
        }
        return method;
    }

    private String clientSecret(ClientAuthMethod method) {
        // The secret's value never appears in a message: only whether it is there, and for
        // client_secret_jwt whether it is long enough.
        if (method == ClientAuthMethod.PRIVATE_KEY_JWT) {
            if (value(CLIENT_SECRET) != null) {
                problems.add(CLIENT_SECRET + ": expected no client secret with " + CLIENT_AUTH_METHOD
                        + "=private_key_jwt, found one (remove it, so nobody thinks it is used)");
            }
            return "";
        }
        String value = required(CLIENT_SECRET, "the client secret (put it in a file or the environment: ${file:/run/secrets/oidc} or ${env:OIDC_SECRET})");
        if (value != null && method == ClientAuthMethod.CLIENT_SECRET_JWT && value.length() < MIN_JWT_SECRET_LENGTH) {
            problems.add(CLIENT_SECRET + ": expected at least " + MIN_JWT_SECRET_LENGTH + " characters for client_secret_jwt"
                    + " (HS256 needs a 256-bit key), found a shorter secret");
        }
        return value == null ? "" : value;
    }

    private SigningKeys signingKeys(ClientAuthMethod method) {
        if (method != ClientAuthMethod.PRIVATE_KEY_JWT) {
            for (String key : KEY_SETTINGS) {
                if (raw.containsKey(key)) {
                    problems.add(key + ": expected only with " + CLIENT_AUTH_METHOD + "=private_key_jwt, found it set with "
                            + (method == null ? "another method" : method.registeredName()));
                }
            }
            return null;
        }
        String algorithm = value(CLIENT_KEY_ALGORITHM);
        if (algorithm != null && !SigningKeys.ALGORITHMS.contains(algorithm)) {
            problems.add(CLIENT_KEY_ALGORITHM + ": expected one of " + SigningKeys.ALGORITHMS + ", found '" + algorithm + "'");
            return null;
        }
        com.nimbusds.jose.jwk.JWK current = keyFile(CLIENT_KEY, CLIENT_KEY_PASSWORD, CLIENT_KEY_ALIAS, CLIENT_KEY_ID, true);
        com.nimbusds.jose.jwk.JWK next = keyFile(NEXT_KEY, NEXT_KEY_PASSWORD, NEXT_KEY_ALIAS, NEXT_KEY_ID, false);
        if (current == null || (next == null && value(NEXT_KEY) != null)) {
            return null;
        }
        try {
            return SigningKeys.of(current, algorithm, next);
        } catch (IllegalArgumentException e) {
            problems.add((e.getMessage().contains(NEXT_KEY) ? NEXT_KEY : CLIENT_KEY) + ": " + e.getMessage());
            return null;
        }
    }

    private com.nimbusds.jose.jwk.JWK keyFile(String pathKey, String passwordKey, String aliasKey, String idKey, boolean required) {
        String path = required
                ? required(pathKey, "the path of the client's private key (PEM, JWK or JWK set, PKCS#12 or JKS)")
                : value(pathKey);
        if (path == null) {
            return null;
        }
        try {
            return new ClientKeyFile(path, value(passwordKey), value(aliasKey), value(idKey)).read();
        } catch (IllegalArgumentException e) {
            problems.add(pathKey + ": " + e.getMessage());
            return null;
        }
    }

    private boolean assertionAudienceIsTokenEndpoint() {
        String value = value(ASSERTION_AUDIENCE);
        if (value == null || "issuer".equals(value)) {
            return false;
        }
        if (!"token-endpoint".equals(value)) {
            problems.add(ASSERTION_AUDIENCE + ": expected issuer or token-endpoint, found '" + value + "'");
        }
        return true;
    }

    private List<String> scopes() {
        String value = value(SCOPES);
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        for (String scope : (value == null ? "openid profile email" : value).split("[\\s,]+")) {
            if (scope.isEmpty()) {
                continue;
            }
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                problems.add(SCOPES + ": expected scope tokens separated by spaces or commas (RFC 6749 §3.3), found '" + scope + "'");
            }
            scopes.add(scope);
        }
        return Collections.unmodifiableList(new ArrayList<>(scopes));
    }

    private URI externalBaseUrl() {
        String value = value(EXTERNAL_BASE_URL);
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getRawQuery() == null && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(EXTERNAL_BASE_URL + ": expected the app's external URL such as https://app.example.com/orders"
                + " (no query), found '" + value + "'");
        return null;
    }

    private TrustedProxies trustedProxies() {
        List<String> cidrs = list(TRUSTED_PROXIES);
        try {
            return TrustedProxies.parse(cidrs);
        } catch (IllegalArgumentException e) {
            problems.add(TRUSTED_PROXIES + ": expected IP addresses or CIDR ranges such as 10.0.0.0/8, 127.0.0.1 or fd00::/8"
                    + " (no host names), found '" + e.getMessage() + "'");
            return TrustedProxies.none();
        }
    }

    private List<String> allowedHosts() {
        List<String> hosts = list(ALLOWED_HOSTS);
        for (String host : hosts) {
            if (!host.matches("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+])(:\\d{1,5})?")) {
                problems.add(ALLOWED_HOSTS + ": expected host names with optional port such as app.example.com:8443, found '"
                        + host + "'");
            }
        }
        return hosts;
    }

    private List<String> list(String key) {
        String value = value(key);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split("[\\s,]+")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return Collections.unmodifiableList(items);
    }

    private String callbackPath() {
        String value = optionalPath(CALLBACK_PATH);
        return value == null ? "/oauth2/callback" : value;
    }

    private String optionalPath(String key) {
        String value = value(key);
        if (value != null && (!value.matches("/[A-Za-z0-9._~!$&'()*+,;=:@/-]*") || value.contains("//") || value.endsWith("/"))) {
            problems.add(key + ": expected a path within the app such as /oauth2/callback (no query, no trailing slash), found '"
                    + value + "'");
        }
        return value;
    }

    private long number(String key, long defaultValue, long min, long max) {
        String value = value(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        problems.add(key + ": expected a whole number from " + min + " to " + max + ", found '" + value + "'");
        return defaultValue;
    }

    private Set<String> algorithms() {
        String value = value(ID_TOKEN_ALGORITHMS);
        List<String> names = value == null ? DEFAULT_ALGORITHMS : Arrays.asList(value.split("[\\s,]+"));
        Set<String> algorithms = new LinkedHashSet<>();
        for (String name : names) {
            if (name.isEmpty()) {
                continue;
            }
            String known = null;
            for (String candidate : ASYMMETRIC_ALGORITHMS) {
                if (candidate.equalsIgnoreCase(name)) {
                    known = candidate;
                }
            }
            if (known == null) {
                problems.add(ID_TOKEN_ALGORITHMS + ": expected asymmetric JWS algorithms from "
                        + String.join(", ", ASYMMETRIC_ALGORITHMS) + ", found '" + name + "'"
                        + (name.toUpperCase(Locale.ROOT).startsWith("HS") || "none".equalsIgnoreCase(name)
                                ? " (HMAC and unsigned ID tokens are not accepted)" : ""));
            } else {
                algorithms.add(known);
            }
        }
        if (algorithms.isEmpty() && value != null) {
            problems.add(ID_TOKEN_ALGORITHMS + ": expected at least one algorithm, found none usable");
        }
        return Collections.unmodifiableSet(algorithms);
    }
}
