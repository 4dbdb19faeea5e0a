package dev.pkcefilter.internal.settings;

import static dev.pkcefilter.internal.settings.SettingKey.CALLBACK_PATH;
import static dev.pkcefilter.internal.settings.SettingKey.CLUSTER_STORE;
import static dev.pkcefilter.internal.settings.SettingKey.ID_TOKEN_ALGORITHMS;
import static dev.pkcefilter.internal.settings.SettingKey.ISSUER;
import static dev.pkcefilter.internal.settings.SettingKey.SCOPES;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.internal.origin.ExternalOrigin;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the settings that need more than their declared kind: the issuer, the scopes, the ID token
 * algorithms, the cluster store, and that the filter's own paths differ. Each problem reads {@code
 * key: expected ..., found ...}.
 */
public final class SettingsReader {

    /** Asymmetric algorithms only: an HMAC ID token would be keyed with the client secret, and "none" is unsigned. */
    public static final List<String> ASYMMETRIC_ALGORITHMS = Collections.unmodifiableList(Arrays.asList(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"));

    private final RawSettings in;

    public SettingsReader(RawSettings in) {
        this.in = in;
    }

    /** The filter answers at these paths itself, so no two may be the same. */
    public void requireDistinctPaths(List<String> paths) {
        List<String> ownPaths = new ArrayList<>(paths);
        ownPaths.removeAll(Collections.singleton(null));
        if (new LinkedHashSet<>(ownPaths).size() != ownPaths.size()) {
            in.problem(CALLBACK_PATH.key() + ": expected callback.path, jwks.path, logout.path, login.path and backchannel-logout.path"
                    + " (with each provider's /<name>) to differ, found " + ownPaths);
        }
    }

    public URI issuer() {
        String value = in.required(ISSUER, "the provider's issuer URL, e.g. https://login.example.com/realms/main");
        if (value == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            in.problem(ISSUER.key() + ": expected an absolute https URL, found '" + value + "', which is not a URL");
            return null;
        }
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            in.problem(ISSUER.key() + ": expected an absolute https URL without query or fragment, found '" + value + "'");
            return null;
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean localHttp = "http".equalsIgnoreCase(uri.getScheme()) && ExternalOrigin.isLoopback(uri.getHost());
        if (!https && !localHttp) {
            in.problem(ISSUER.key() + ": expected an https URL (plain http only on a loopback host, for development), found '"
                    + value + "'");
            return null;
        }
        return uri;
    }

    /** A class the app or an optional module provides, created once here so that a missing one stops startup. */
    public ClusterStore clusterStore() {
        String name = in.value(CLUSTER_STORE);
        if (name == null) {
            return null;
        }
        String expected = CLUSTER_STORE.key() + ": expected the name of a class implementing " + ClusterStore.class.getName()
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

    public List<String> scopes() {
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add("openid");
        for (String scope : in.list(SCOPES)) {
            if (scope.isEmpty()) {
                continue;
            }
            if (!scope.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                in.problem(SCOPES.key() + ": expected scope tokens separated by spaces or commas (RFC 6749 §3.3), found '" + scope + "'");
            }
            scopes.add(scope);
        }
        return Collections.unmodifiableList(new ArrayList<>(scopes));
    }

    public Set<String> algorithms() {
        List<String> names = in.list(ID_TOKEN_ALGORITHMS);
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
                in.problem(ID_TOKEN_ALGORITHMS.key() + ": expected asymmetric JWS algorithms from "
                        + String.join(", ", ASYMMETRIC_ALGORITHMS) + ", found '" + name + "'"
                        + (name.toUpperCase(Locale.ROOT).startsWith("HS") || "none".equalsIgnoreCase(name)
                                ? " (HMAC and unsigned ID tokens are not accepted)" : ""));
            } else {
                algorithms.add(known);
            }
        }
        if (algorithms.isEmpty() && !names.isEmpty()) {
            in.problem(ID_TOKEN_ALGORITHMS.key() + ": expected at least one algorithm, found none usable");
        }
        return Collections.unmodifiableSet(algorithms);
    }
}
