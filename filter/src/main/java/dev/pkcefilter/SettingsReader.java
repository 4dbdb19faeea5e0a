package dev.pkcefilter;

import java.net.URI;
import java.net.URISyntaxException;
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
    static final String LOGOUT_PATH = "logout.path";
    static final String LOGOUT_ALLOW_GET = "logout.allow-get";
    static final String LOGOUT_REDIRECT = "logout.redirect";
    static final String REFRESH_MARGIN = "tokens.refresh-margin-seconds";
    static final String SESSION_MAX_AGE = "session.max-age-seconds";
    static final String ROLES_CLAIM = "roles.claim";
    static final String ROLES_STRIP_PREFIX = "roles.strip-prefix";
    static final String USERINFO = "userinfo.enabled";
    static final String BACKCHANNEL_PATH = "backchannel-logout.path";
    static final String CLUSTER_STORE = "cluster.store";

    static final List<String> KNOWN_KEYS = Collections.unmodifiableList(Arrays.asList(
            ISSUER, CLIENT_ID, CLIENT_SECRET, CLIENT_AUTH_METHOD, CLIENT_KEY, CLIENT_KEY_PASSWORD, CLIENT_KEY_ALIAS,
            CLIENT_KEY_ID, CLIENT_KEY_ALGORITHM, NEXT_KEY, NEXT_KEY_PASSWORD, NEXT_KEY_ALIAS, NEXT_KEY_ID,
            ASSERTION_AUDIENCE, ASSERTION_LIFETIME, JWKS_PATH, SCOPES, CALLBACK_PATH, EXTERNAL_BASE_URL, TRUSTED_PROXIES,
            ALLOWED_HOSTS, LOGOUT_PATH, LOGOUT_ALLOW_GET, LOGOUT_REDIRECT, REFRESH_MARGIN, SESSION_MAX_AGE, ROLES_CLAIM,
            ROLES_STRIP_PREFIX, USERINFO, BACKCHANNEL_PATH, CLUSTER_STORE, MAX_PENDING, PENDING_TTL,
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
        SessionSettings.Values session;
        /** Null: the node's own memory. */
        ClusterStore clusterStore;
    }

    private final Function<String, String> environment;
    private RawSettings in;

    SettingsReader(Function<String, String> environment) {
        this.environment = environment;
    }

    Values read(Map<String, String> rawValues) {
        in = new RawSettings(rawValues, environment);
        ClientAuthSettings client = new ClientAuthSettings(in);
        ProxySettings proxy = new ProxySettings(in);
        for (String key : rawValues.keySet()) {
            if (!KNOWN_KEYS.contains(key)) {
                in.problem(key + ": expected a known key" + KeySuggestion.closestTo(key, KNOWN_KEYS)
                        .map(known -> " (did you mean " + known + "?)").orElse(" (see the configuration reference)")
                        + ", found an unknown key");
            }
        }
        Values values = new Values();
        values.issuer = issuer();
        values.clientId = in.required(CLIENT_ID, "the client identifier registered at the provider");
        values.clientAuthMethod = client.clientAuthMethod();
        values.clientSecret = client.clientSecret(values.clientAuthMethod);
        values.signingKeys = client.signingKeys(values.clientAuthMethod);
        values.assertionAudienceIsTokenEndpoint = client.assertionAudienceIsTokenEndpoint();
        values.assertionLifetime = Duration.ofSeconds(in.number(ASSERTION_LIFETIME, 60, 5, 60));
        values.jwksPath = values.signingKeys == null ? null : in.optionalPath(JWKS_PATH);
        values.scopes = scopes();
        values.callbackPath = callbackPath();
        values.externalBaseUrl = proxy.externalBaseUrl();
        values.trustedProxies = proxy.trustedProxies();
        values.allowedHosts = proxy.allowedHosts();
        proxy.requireAnExternalOriginUnlessLoopback(values.issuer, values.externalBaseUrl, values.allowedHosts);
        values.session = new SessionSettings(in).read();
        List<String> ownPaths = new ArrayList<>(Arrays.asList(values.callbackPath, values.jwksPath,
                values.session.logoutPath, values.session.backchannelPath));
        ownPaths.removeAll(Collections.singleton(null));
        if (new LinkedHashSet<>(ownPaths).size() != ownPaths.size()) {
            in.problem(CALLBACK_PATH + ": expected callback.path, jwks.path, logout.path and backchannel-logout.path to differ,"
                    + " found " + ownPaths);
        }
        values.maxPendingLogins = (int) in.number(MAX_PENDING, 10, 1, 100);
        values.pendingLoginTtl = Duration.ofSeconds(in.number(PENDING_TTL, 600, 30, 3600));
        values.connectTimeout = Duration.ofMillis(in.number(CONNECT_TIMEOUT, 5000, 100, 60000));
        values.readTimeout = Duration.ofMillis(in.number(READ_TIMEOUT, 5000, 100, 60000));
        values.idTokenAlgorithms = algorithms();
        values.clockSkew = Duration.ofSeconds(in.number(CLOCK_SKEW, 60, 0, 300));
        values.clusterStore = clusterStore();
        if (!in.problems().isEmpty()) {
            throw new SettingsException(in.problems());
        }
        return values;
    }

    private URI issuer() {
        String value = in.required(ISSUER, "the provider's issuer URL, e.g. https://login.example.com/realms/main");
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            in.problem(ISSUER + ": expected an absolute https URL, found '" + value + "', which is not a URL");
            return null;
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            in.problem(ISSUER + ": expected an absolute https URL without query or fragment, found '" + value + "'");
            return null;
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean localHttp = "http".equalsIgnoreCase(uri.getScheme()) && ExternalOrigin.isLoopback(uri.getHost());
        if (!https && !localHttp) {
            in.problem(ISSUER + ": expected an https URL (plain http only on a loopback host, for development), found '"
                    + value + "'");
            return null;
        }
        return uri;
    }

    /** A class the app or an optional module provides, created once here so that a missing one stops startup. */
    private ClusterStore clusterStore() {
        String name = in.value(CLUSTER_STORE);
        if (name == null) {
            return null;
        }
        String expected = CLUSTER_STORE + ": expected the name of a class implementing " + ClusterStore.class.getName()
                + " with a public constructor without parameters, found '" + name + "'";
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> type = Class.forName(name, true, loader != null ? loader : SettingsReader.class.getClassLoader());
            if (!ClusterStore.class.isAssignableFrom(type)) {
                in.problem(expected + ", which does not implement it");
                return null;
            }
            return (ClusterStore) type.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            in.problem(expected + ", which is not on the class path");
        } catch (NoSuchMethodException e) {
            in.problem(expected + ", which has no such constructor");
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ? e.getCause() : e;
            // A store's own refusal (IllegalStateException, IllegalArgumentException) says what it expected;
            // other messages may come from deep in a client library, and could quote a connection secret.
            boolean ownWords = cause instanceof IllegalStateException || cause instanceof IllegalArgumentException;
            in.problem(expected + ", whose constructor failed: " + cause.getClass().getSimpleName()
                    + (ownWords && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""));
        }
        return null;
    }

    private List<String> scopes() {
        String value = in.value(SCOPES);
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        for (String scope : (value == null ? "openid profile email" : value).split("[\\s,]+")) {
            if (scope.isEmpty()) {
                continue;
            }
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                in.problem(SCOPES + ": expected scope tokens separated by spaces or commas (RFC 6749 §3.3), found '" + scope + "'");
            }
            scopes.add(scope);
        }
        return Collections.unmodifiableList(new ArrayList<>(scopes));
    }

    private String callbackPath() {
        String value = in.optionalPath(CALLBACK_PATH);
        return value == null ? "/oauth2/callback" : value;
    }

    private Set<String> algorithms() {
        String value = in.value(ID_TOKEN_ALGORITHMS);
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
                in.problem(ID_TOKEN_ALGORITHMS + ": expected asymmetric JWS algorithms from "
                        + String.join(", ", ASYMMETRIC_ALGORITHMS) + ", found '" + name + "'"
                        + (name.toUpperCase(Locale.ROOT).startsWith("HS") || "none".equalsIgnoreCase(name)
                                ? " (HMAC and unsigned ID tokens are not accepted)" : ""));
            } else {
                algorithms.add(known);
            }
        }
        if (algorithms.isEmpty() && value != null) {
            in.problem(ID_TOKEN_ALGORITHMS + ": expected at least one algorithm, found none usable");
        }
        return Collections.unmodifiableSet(algorithms);
    }
}
