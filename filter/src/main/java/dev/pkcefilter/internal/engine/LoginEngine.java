package dev.pkcefilter.internal.engine;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.internal.client.ClientAuthenticator;
import dev.pkcefilter.internal.client.JwksEndpoint;
import dev.pkcefilter.internal.login.CallbackHandler;
import dev.pkcefilter.internal.login.LoginStart;
import dev.pkcefilter.internal.login.StepUp;
import dev.pkcefilter.internal.login.TokenExchange;
import dev.pkcefilter.internal.login.UserInfoFetch;
import dev.pkcefilter.internal.logout.BackChannelLogout;
import dev.pkcefilter.internal.logout.LogoutHandler;
import dev.pkcefilter.internal.logout.LogoutMarks;
import dev.pkcefilter.internal.logout.NodeLocalStore;
import dev.pkcefilter.internal.logout.SessionIndex;
import dev.pkcefilter.internal.logout.StoreKeys;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.provider.ProviderDiscovery;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.session.TokenRefresher;
import dev.pkcefilter.internal.settings.Settings;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The servlet-free core of the filter: for a request that is not simply passed through, it starts a
 * login, finishes a callback, or answers 401/503. The adapters (one per servlet namespace) handle
 * the signed-in hot path themselves with {@link #isEnginePath} and {@link #sessionUserKey()}, so a
 * signed-in request costs a string comparison and a session lookup.
 */
public final class LoginEngine {

    private static final Logger LOG = Logger.getLogger(LoginEngine.class.getName());
    /** Sessions this node can end on a back-channel logout; beyond it the oldest are forgotten. */
    private static final int SESSION_INDEX_CAPACITY = 100_000;
    /** Logout marks, used logout tokens and refresh leases of a node without a shared store. */
    private static final int NODE_STORE_CAPACITY = 100_000;

    private final Settings settings;
    private final SessionKeys keys;
    private final ProviderAvailability provider;
    private final LoginStart loginStart;
    private final CallbackHandler callback;
    private final FailureResponse failures = new FailureResponse();
    private final JwksEndpoint jwks;
    private final OriginResolver origins;
    private final SignedInState state;
    private final TokenRefresher refresher;
    private final LogoutHandler logout;
    private final BackChannelLogout backchannel;
    private final StepUp stepUp;

    public LoginEngine(Settings settings, ProviderAvailability provider) {
        this.settings = settings;
        this.keys = new SessionKeys(settings);
        this.provider = provider;
        this.origins = OriginResolver.from(settings);
        SessionIndex index = new SessionIndex(SESSION_INDEX_CAPACITY);
        ClusterStore store = settings.clusterStore() != null ? settings.clusterStore()
                : new NodeLocalStore(settings.clock(), NODE_STORE_CAPACITY);
        StoreKeys storeKeys = new StoreKeys(settings.issuer().toString());
        LogoutMarks marks = new LogoutMarks(settings, store, storeKeys);
        TokenExchange tokenEndpoint = new TokenExchange(settings, ClientAuthenticator.from(settings));
        this.state = new SignedInState(settings, keys, index, marks);
        this.stepUp = new StepUp(settings);
        this.loginStart = new LoginStart(settings, keys, origins);
        this.callback = new CallbackHandler(settings, keys, tokenEndpoint, origins, state,
                settings.userInfoEnabled() ? new UserInfoFetch(settings) : null, stepUp);
        this.refresher = new TokenRefresher(settings, state, provider, tokenEndpoint, store, storeKeys,
                TokenRefresher::sleep);
        this.logout = new LogoutHandler(settings, state, origins);
        this.backchannel = settings.backchannelLogoutPath() == null ? null : new BackChannelLogout(settings, state, index,
                store, storeKeys, marks);
        this.jwks = settings.jwksPath() == null ? null : new JwksEndpoint(settings.signingKeys());
    }

    /**
     * Creates the engine and discovers the provider. A provider that cannot be reached does not stop
     * startup (logins answer 503 until discovery succeeds); one with unusable metadata does.
     *
     * @param settings the validated settings; not null
     * @param instanceName the filter's name, for log lines; not null
     * @return the engine
     * @throws SettingsException when the provider's metadata is unusable (wrong issuer, no S256)
     */
    public static LoginEngine start(Settings settings, String instanceName) {
        ProviderDiscovery discovery = new ProviderDiscovery(settings);
        ProviderAvailability availability = new ProviderAvailability(discovery::discover, settings.clock(),
                settings.issuer().toString());
        availability.discoverAtStartup();
        LOG.info("pkce-filter: filter '" + instanceName + "' started with " + settings + "; " + nimbusVersions());
        return new LoginEngine(settings, availability);
    }

    /**
     * The Nimbus versions this filter runs with, as their jars' manifests state them: on a server that ships
     * its own Nimbus (WildFly), this names the copy the web app's class loader really chose.
     */
    public static String nimbusVersions() {
        return "Nimbus oauth2-oidc-sdk " + versionOf(com.nimbusds.oauth2.sdk.AuthorizationRequest.class)
                + ", nimbus-jose-jwt " + versionOf(com.nimbusds.jose.JWSObject.class);
    }

    private static String versionOf(Class<?> type) {
        Package definedIn = type.getPackage();
        String version = definedIn == null ? null : definedIn.getImplementationVersion();
        return version == null ? "(unknown version)" : version;
    }

    /**
     * Releases what the engine owns: a cluster store it created from {@code cluster.store} that is
     * {@link AutoCloseable} (its connections and threads). A store given in code is the app's to close.
     */
    public void stop() {
        if (settings.ownsClusterStore() && settings.clusterStore() instanceof AutoCloseable) {
            try {
                ((AutoCloseable) settings.clusterStore()).close();
            } catch (Exception e) {
                LOG.warning("pkce-filter: the cluster store did not close: " + e.getClass().getSimpleName());
            }
        }
    }

    /**
     * @param requestUri the request URI as sent, context path included
     * @param contextPath the context path
     * @return whether the engine answers this path itself (the callback, the JWKS endpoint),
     *     signed in or not
     */
    public boolean isEnginePath(String requestUri, String contextPath) {
        return endpointOf(requestUri, contextPath) != Endpoint.APP;
    }

    /** The filter's own endpoints, and {@link #APP} for every other path. */
    private enum Endpoint { JWKS, LOGOUT, BACKCHANNEL_LOGOUT, CALLBACK, APP }

    /** The one list of the filter's paths, for the hot path's question and for {@link #handle}. */
    private Endpoint endpointOf(String requestUri, String contextPath) {
        if (jwks != null && isPath(requestUri, contextPath, settings.jwksPath())) {
            return Endpoint.JWKS;
        }
        if (isPath(requestUri, contextPath, settings.logoutPath())) {
            return Endpoint.LOGOUT;
        }
        if (backchannel != null && isPath(requestUri, contextPath, settings.backchannelLogoutPath())) {
            return Endpoint.BACKCHANNEL_LOGOUT;
        }
        return isPath(requestUri, contextPath, settings.callbackPath()) ? Endpoint.CALLBACK : Endpoint.APP;
    }

    /**
     * The hot path's question: may this signed-in user go on to the app at this path?
     *
     * @param user the session's signed-in user
     * @param pathWithinApp the path as the container maps it ({@link WebExchange#pathWithinApp()})
     * @return whether the signed-in state holds ({@code session.max-age-seconds}, logout marks: one clock read at
     *     most) and, on a step-up path, the user's login meets the step-up; when not, {@link #handle} answers
     */
    public boolean admits(SignedInUser user, String pathWithinApp) {
        return state.isCurrent(user) && (!stepUp.isOn() || !stepUp.applies(pathWithinApp) || stepUp.isMetBy(user));
    }

    /**
     * @param session a signed-in session
     * @return the session's access tokens, for the app
     */
    public TokenAccess tokenAccess(WebSession session) {
        return () -> refresher.accessToken(session);
    }

    private static boolean isPath(String requestUri, String contextPath, String path) {
        return requestUri.length() == contextPath.length() + path.length()
                && requestUri.startsWith(contextPath)
                && requestUri.startsWith(path, contextPath.length());
    }

    /** @return the session attribute that holds the {@link SignedInUser} */
    public String sessionUserKey() {
        return keys.user();
    }

    /**
     * Answers a request that is either an engine path or has no signed-in user.
     *
     * @param exchange the request and response; not null
     * @throws IOException when the response cannot be written
     */
    public void handle(WebExchange exchange) throws IOException {
        Endpoint endpoint = endpointOf(exchange.requestUri(), exchange.contextPath());
        if (endpoint == Endpoint.JWKS) {
            jwks.serve(exchange);
            return;
        }
        endStaleSignedInState(exchange);
        if (endpoint == Endpoint.LOGOUT) {
            handleLogout(exchange);
            return;
        }
        if (endpoint == Endpoint.BACKCHANNEL_LOGOUT) {
            Optional<Provider> known = provider.current();
            if (known.isPresent()) {
                backchannel.serve(exchange, known.get());
            } else {
                exchange.setHeader("Retry-After", Long.toString(provider.retryAfterSeconds()));
                exchange.send(503, "application/json", "{\"error\":\"temporarily_unavailable\"}");
            }
            return;
        }
        boolean callbackRequest = endpoint == Endpoint.CALLBACK;
        // A signed-in user reaches here on an app path only when the path needs a step-up their login lacks.
        boolean needsStepUp = !callbackRequest && stepUp.isOn()
                && stepUp.applies(exchange.pathWithinApp());
        if (!callbackRequest && !LoginStart.isNavigation(exchange)) {
            if (needsStepUp && signedInUser(exchange) != null) {
                rejectInsufficientAuthentication(exchange);
            } else {
                LoginStart.rejectUnauthenticated(exchange);
            }
            return;
        }
        try {
            Provider current = available();
            if (callbackRequest) {
                callback.finishLogin(exchange, current);
            } else {
                loginStart.redirectToProvider(exchange, current, needsStepUp ? stepUp : null);
            }
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, provider.retryAfterSeconds(), home(exchange));
        }
    }

    /**
     * The app's root as the browser sees it, for a failure page's link: behind a prefix-stripping
     * proxy the context path alone would lead out of the app. The host is never part of it, so the
     * prefix holds even for a request whose host is not allowed.
     */
    private String home(WebExchange exchange) {
        return origins.unchecked(exchange).appPath() + "/";
    }

    private SignedInUser signedInUser(WebExchange exchange) {
        Optional<WebSession> session = exchange.session();
        return session.isPresent() ? state.user(session.get()) : null;
    }

    /**
     * RFC 9470's challenge for a request that cannot be sent to sign in again (an API call): the user is
     * signed in, but this path needs the step-up, with the parameters a client would ask for.
     */
    private void rejectInsufficientAuthentication(WebExchange exchange) throws IOException {
        exchange.setHeader("WWW-Authenticate", "Session realm=\"pkce-filter\", error=\"insufficient_user_authentication\""
                + stepUp.challengeParameters());
        exchange.setHeader("Cache-Control", "no-store");
        exchange.send(401, "application/json;charset=UTF-8", "{\"error\":\"insufficient_user_authentication\"}");
    }

    /** A signed-in state past {@code session.max-age-seconds} ends before anything else happens. */
    private void endStaleSignedInState(WebExchange exchange) {
        Optional<WebSession> session = exchange.session();
        if (session.isPresent()) {
            SignedInUser user = state.user(session.get());
            if (user != null && !state.isCurrent(user)) {
                state.end(session.get());
            }
        }
    }

    private void handleLogout(WebExchange exchange) throws IOException {
        try {
            // Logging out works without the provider: the local session ends either way.
            logout.logOut(exchange, provider.current().orElse(null));
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, provider.retryAfterSeconds(), home(exchange));
        }
    }

    private Provider available() throws LoginFailure {
        Optional<Provider> current = provider.current();
        if (!current.isPresent()) {
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE, "the provider's discovery has not succeeded yet");
        }
        return current.get();
    }
}
