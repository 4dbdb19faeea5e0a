package dev.pkcefilter.internal.settings;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.internal.origin.ProxyHeaders;
import dev.pkcefilter.internal.origin.TrustedProxies;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The settings the engine runs on: the one holder of every checked value, immutable, read once when
 * the app's {@code FilterSettings} are built. {@link #toString()} lists each key's value in effect with
 * secrets masked.
 */
public final class Settings {

    private final List<Registration> registrations;
    /** The provider a page that needs a signed-in user sends to; null when the chooser page decides. */
    private final Registration loginDefault;
    private final String jwksPath;
    private final String callbackPath;
    private final String loginPath;
    private final URI externalBaseUrl;
    private final TrustedProxies trustedProxies;
    private final ProxyHeaders proxyHeaders;
    private final List<String> allowedHosts;
    private final String logoutPath;
    private final boolean logoutAllowGet;
    private final String logoutRedirect;
    private final String logoutReturnPath;
    private final Duration refreshMargin;
    private final Duration defaultTokenLifetime;
    private final Duration maxSessionAge;
    private final String backchannelLogoutPath;
    private final List<String> stepUpPaths;
    private final List<String> stepUpAcrValues;
    private final Duration stepUpMaxAge;
    private final ClusterStore clusterStore;
    /** Whether the filter created the store from {@code cluster.store}, and so closes it when it stops. */
    private final boolean ownsClusterStore;
    private final int maxPendingLogins;
    private final Duration pendingLoginTtl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration clockSkew;
    private final Clock clock;
    /** What {@link #toString()} shows: each key's value in effect, secrets masked. */
    private final Map<String, String> shown;

    /**
     * Reads and checks every value once; the only place the settings are put together. Adding a key
     * is its declaration in {@link SettingKey}, a field read here with its accessor, a typed setter in
     * {@code FilterSettings.Builder}, and the code that uses it.
     *
     * @param raw the values by key, as given (references unresolved)
     * @param environment resolves {@code ${env:NAME}} references
     * @param clock the one clock for every time decision
     * @param givenStore a store given in code, or null
     * @throws SettingsException listing every problem, each naming its key
     */
    public Settings(Map<String, String> raw, Function<String, String> environment, Clock clock,
            ClusterStore givenStore) {
        RawSettings in = new RawSettings(raw, environment);
        SettingsReader core = new SettingsReader(in);
        ProxySettings proxy = new ProxySettings(in);
        SessionSettings session = new SessionSettings(in);
        this.callbackPath = in.path(SettingKey.CALLBACK_PATH);
        this.loginPath = in.path(SettingKey.LOGIN_PATH);
        this.backchannelLogoutPath = in.path(SettingKey.BACKCHANNEL_LOGOUT_PATH);
        RegistrationReader providers = new RegistrationReader(in, callbackPath, backchannelLogoutPath, loginPath);
        this.registrations = providers.registrations();
        this.loginDefault = providers.loginDefault();
        this.jwksPath = in.path(SettingKey.JWKS_PATH);
        providers.requireKeysForJwks(jwksPath);
        this.externalBaseUrl = proxy.externalBaseUrl();
        providers.requireTlsForFormPost(externalBaseUrl);
        this.trustedProxies = proxy.trustedProxies();
        this.proxyHeaders = proxy.proxyHeaders();
        this.allowedHosts = proxy.allowedHosts();
        List<URI> issuers = new ArrayList<>();
        for (Registration registration : registrations) {
            issuers.add(registration.issuer());
        }
        proxy.requireAnExternalOriginUnlessLoopback(issuers, externalBaseUrl, allowedHosts);
        this.logoutPath = in.path(SettingKey.LOGOUT_PATH);
        this.logoutAllowGet = in.flag(SettingKey.LOGOUT_ALLOW_GET);
        this.logoutRedirect = session.logoutRedirect();
        this.logoutReturnPath = in.path(SettingKey.LOGOUT_RETURN_PATH);
        this.refreshMargin = in.duration(SettingKey.TOKENS_REFRESH_MARGIN_SECONDS);
        this.defaultTokenLifetime = in.duration(SettingKey.TOKENS_DEFAULT_LIFETIME_SECONDS);
        Duration maxAge = in.duration(SettingKey.SESSION_MAX_AGE_SECONDS);
        this.maxSessionAge = maxAge.isZero() ? null : maxAge;
        this.stepUpPaths = session.stepUpPaths();
        this.stepUpAcrValues = session.stepUpAcrValues();
        this.stepUpMaxAge = in.optionalDuration(SettingKey.STEP_UP_MAX_AGE_SECONDS);
        session.requireCompleteStepUp(stepUpPaths, stepUpAcrValues, stepUpMaxAge);
        core.requireDistinctPaths(ownPaths());
        this.maxPendingLogins = (int) in.number(SettingKey.LOGIN_MAX_PENDING);
        this.pendingLoginTtl = in.duration(SettingKey.LOGIN_PENDING_TTL_SECONDS);
        this.connectTimeout = in.duration(SettingKey.HTTP_CONNECT_TIMEOUT_MS);
        this.readTimeout = in.duration(SettingKey.HTTP_READ_TIMEOUT_MS);
        this.clockSkew = in.duration(SettingKey.ID_TOKEN_CLOCK_SKEW_SECONDS);
        if (stepUpMaxAge != null && stepUpMaxAge.isZero() && clockSkew.isZero()) {
            // max_age=0 accepts an auth_time of "now" only within the skew; auth_time has whole seconds.
            in.problem(SettingKey.STEP_UP_MAX_AGE_SECONDS.key() + ": expected more than 0 while "
                    + SettingKey.ID_TOKEN_CLOCK_SKEW_SECONDS.key() + " is 0 (no login could meet it), found 0");
        }
        ClusterStore namedStore = givenStore == null ? core.clusterStore() : null;
        this.clusterStore = givenStore != null ? givenStore : namedStore;
        this.ownsClusterStore = namedStore != null;
        this.clock = clock;
        if (in.hasProblems() && namedStore instanceof AutoCloseable) {
            // Created so that its own problems are reported with the others; it may hold connections.
            closeQuietly((AutoCloseable) namedStore);
        }
        in.failOnProblems();
        // The filter's keys first, then each provider's (the default provider's without prefix).
        Map<String, String> shownValues = in.shownValues(false);
        shownValues.putAll(providers.shownValues());
        if (givenStore != null) {
            shownValues.put(SettingKey.CLUSTER_STORE.key(), givenStore.getClass().getName() + " (in code)");
        }
        this.shown = Collections.unmodifiableMap(shownValues);
    }

    /** The filter answers at these paths itself, so no two may be the same. */
    private List<String> ownPaths() {
        List<String> paths = new ArrayList<>(java.util.Arrays.asList(jwksPath, logoutPath, logoutReturnPath, loginPath));
        for (Registration registration : registrations) {
            paths.add(registration.callbackPath());
            paths.add(registration.backchannelLogoutPath());
            paths.add(registration.loginPath());
        }
        return paths;
    }

    private static void closeQuietly(AutoCloseable store) {
        try {
            store.close();
        } catch (Exception e) {
            // The settings problems are what the operator must see; a store failing to close adds nothing.
        }
    }

    /** @return every provider, the default one (keys without prefix) first, then the named ones by name */
    public List<Registration> registrations() { return registrations; }
    /** @return the provider a page that needs a signed-in user sends to; empty when the chooser page decides */
    public java.util.Optional<Registration> loginDefault() { return java.util.Optional.ofNullable(loginDefault); }
    /** The default provider's callback path; a named provider's adds {@code /<name>} ({@link Registration#callbackPath()}). */
    public String callbackPath() { return callbackPath; }
    /** The path that shows the chooser, or starts the default provider's login; {@code /<name>} starts that provider's. */
    public String loginPath() { return loginPath; }
    public int maxPendingLogins() { return maxPendingLogins; }
    public Duration pendingLoginTtl() { return pendingLoginTtl; }
    public Duration connectTimeout() { return connectTimeout; }
    public Duration readTimeout() { return readTimeout; }
    public Duration clockSkew() { return clockSkew; }
    public Clock clock() { return clock; }
    /** The store the app's nodes share; null when the node keeps its own. */
    public ClusterStore clusterStore() { return clusterStore; }
    public boolean ownsClusterStore() { return ownsClusterStore; }
    /** The path of the public JWKS endpoint within the app; null when it is off. */
    public String jwksPath() { return jwksPath; }
    /** The app's external URL, which wins over the request and proxy headers; null when not set. */
    public URI externalBaseUrl() { return externalBaseUrl; }
    public TrustedProxies trustedProxies() { return trustedProxies; }
    /** @return which forwarding headers the trusted proxies set ({@code proxy.headers}) */
    public ProxyHeaders proxyHeaders() { return proxyHeaders; }
    /** Hosts (with optional port) the app may be reached at; empty means loopback hosts only. */
    public List<String> allowedHosts() { return allowedHosts; }
    public String logoutPath() { return logoutPath; }
    public boolean logoutAllowsGet() { return logoutAllowGet; }
    /** A path within the app, or an absolute URL. */
    public String logoutRedirect() { return logoutRedirect; }
    /** @return where the provider returns the browser after logout ({@code logout.return-path}), within the app */
    public String logoutReturnPath() { return logoutReturnPath; }
    public Duration refreshMargin() { return refreshMargin; }
    /** @return the access token lifetime to assume when neither {@code expires_in} nor a JWT {@code exp} gives one */
    public Duration defaultTokenLifetime() { return defaultTokenLifetime; }
    /** The longest a signed-in state lasts from login; null for no limit beyond the container session's. */
    public Duration maxSessionAge() { return maxSessionAge; }
    /** The default provider's back-channel logout path; a named provider's adds {@code /<name>}; null when it is off. */
    public String backchannelLogoutPath() { return backchannelLogoutPath; }
    /** Paths that need a step-up (exact, or prefixes ending in {@code /*}); empty when step-up is off. */
    public List<String> stepUpPaths() { return stepUpPaths; }
    /** The acr values of which the step-up's ID token must have one; empty for no acr requirement. */
    public List<String> stepUpAcrValues() { return stepUpAcrValues; }
    /** The step-up's longest time since authentication; null for no requirement. */
    public Duration stepUpMaxAge() { return stepUpMaxAge; }

    /**
     * @return every key with the value in effect, one {@code key=value} each: given values (references
     *     resolved), defaults as the configuration reference states them, secrets masked
     */
    @Override
    public String toString() {
        return "FilterSettings" + shown;
    }
}
