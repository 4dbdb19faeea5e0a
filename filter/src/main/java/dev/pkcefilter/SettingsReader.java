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

    // The keys by their readers' short names; each is declared, with its documentation, in SettingKey.
    static final String ISSUER = SettingKey.ISSUER.key();
    static final String CLIENT_ID = SettingKey.CLIENT_ID.key();
    static final String CLIENT_SECRET = SettingKey.CLIENT_SECRET.key();
    static final String CLIENT_AUTH_METHOD = SettingKey.CLIENT_AUTH_METHOD.key();
    static final String SCOPES = SettingKey.SCOPES.key();
    static final String CALLBACK_PATH = SettingKey.CALLBACK_PATH.key();
    static final String MAX_PENDING = SettingKey.LOGIN_MAX_PENDING.key();
    static final String PENDING_TTL = SettingKey.LOGIN_PENDING_TTL_SECONDS.key();
    static final String CONNECT_TIMEOUT = SettingKey.HTTP_CONNECT_TIMEOUT_MS.key();
    static final String READ_TIMEOUT = SettingKey.HTTP_READ_TIMEOUT_MS.key();
    static final String ID_TOKEN_ALGORITHMS = SettingKey.ID_TOKEN_ALGORITHMS.key();
    static final String CLOCK_SKEW = SettingKey.ID_TOKEN_CLOCK_SKEW_SECONDS.key();
    static final String CLIENT_KEY = SettingKey.CLIENT_KEY.key();
    static final String CLIENT_KEY_PASSWORD = SettingKey.CLIENT_KEY_PASSWORD.key();
    static final String CLIENT_KEY_ALIAS = SettingKey.CLIENT_KEY_ALIAS.key();
    static final String CLIENT_KEY_ID = SettingKey.CLIENT_KEY_ID.key();
    static final String CLIENT_KEY_ALGORITHM = SettingKey.CLIENT_KEY_ALGORITHM.key();
    static final String NEXT_KEY = SettingKey.CLIENT_NEXT_KEY.key();
    static final String NEXT_KEY_PASSWORD = SettingKey.CLIENT_NEXT_KEY_PASSWORD.key();
    static final String NEXT_KEY_ALIAS = SettingKey.CLIENT_NEXT_KEY_ALIAS.key();
    static final String NEXT_KEY_ID = SettingKey.CLIENT_NEXT_KEY_ID.key();
    static final String ASSERTION_AUDIENCE = SettingKey.CLIENT_ASSERTION_AUDIENCE.key();
    static final String ASSERTION_LIFETIME = SettingKey.CLIENT_ASSERTION_LIFETIME_SECONDS.key();
    static final String JWKS_PATH = SettingKey.JWKS_PATH.key();
    static final String EXTERNAL_BASE_URL = SettingKey.EXTERNAL_BASE_URL.key();
    static final String TRUSTED_PROXIES = SettingKey.PROXY_TRUSTED.key();
    static final String ALLOWED_HOSTS = SettingKey.PROXY_ALLOWED_HOSTS.key();
    static final String LOGOUT_PATH = SettingKey.LOGOUT_PATH.key();
    static final String LOGOUT_ALLOW_GET = SettingKey.LOGOUT_ALLOW_GET.key();
    static final String LOGOUT_REDIRECT = SettingKey.LOGOUT_REDIRECT.key();
    static final String REFRESH_MARGIN = SettingKey.TOKENS_REFRESH_MARGIN_SECONDS.key();
    static final String SESSION_MAX_AGE = SettingKey.SESSION_MAX_AGE_SECONDS.key();
    static final String ROLES_CLAIM = SettingKey.ROLES_CLAIM.key();
    static final String ROLES_STRIP_PREFIX = SettingKey.ROLES_STRIP_PREFIX.key();
    static final String USERINFO = SettingKey.USERINFO_ENABLED.key();
    static final String BACKCHANNEL_PATH = SettingKey.BACKCHANNEL_LOGOUT_PATH.key();
    static final String CLUSTER_STORE = SettingKey.CLUSTER_STORE.key();

    static final List<String> KNOWN_KEYS = SettingKey.names();

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
