package dev.pkcefilter.internal.engine;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.internal.client.JwksEndpoint;
import dev.pkcefilter.internal.credentials.SigningKeys;
import dev.pkcefilter.internal.login.StepUp;
import dev.pkcefilter.internal.logout.LogoutHandler;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.provider.ProviderDiscovery;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.GuardedStore;
import dev.pkcefilter.internal.store.LogoutMarks;
import dev.pkcefilter.internal.store.NodeLocalStore;
import dev.pkcefilter.internal.store.SessionIndex;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.FailureResponse;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.StoreUnavailable;
import dev.pkcefilter.internal.web.WebExchange;
import dev.pkcefilter.internal.web.WebSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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
    private final ProviderRoutes routes;
    private final LoginRequests logins;
    private final FailureResponse failures = new FailureResponse();
    private final JwksEndpoint jwks;
    private final OriginResolver origins;
    private final SignedInState state;
    private final LogoutHandler logout;
    private final StepUp stepUp;
    private final OwnPaths ownPaths;

    /**
     * @param settings the validated settings
     * @param availability each provider's discovery, in the order of {@link Settings#registrations()}
     */
    public LoginEngine(Settings settings, List<ProviderAvailability> availability) {
        this.settings = settings;
        this.keys = new SessionKeys(settings);
        this.origins = OriginResolver.from(settings.externalBaseUrl(), settings.trustedProxies(), settings.proxyHeaders(),
                settings.allowedHosts());
        SessionIndex index = new SessionIndex(SESSION_INDEX_CAPACITY);
        ClusterStore store = settings.clusterStore() != null ? new GuardedStore(settings.clusterStore())
                : new NodeLocalStore(settings.clock(), NODE_STORE_CAPACITY);
        LogoutMarks marks = new LogoutMarks(settings, store, settings.clusterStore() != null);
        this.state = new SignedInState(settings, keys, index, marks);
        this.stepUp = new StepUp(settings);
        this.logout = new LogoutHandler(settings, state, origins);
        List<ProviderRoute> built = new ArrayList<>();
        for (int i = 0; i < settings.registrations().size(); i++) {
            built.add(new ProviderRoute(settings, settings.registrations().get(i), availability.get(i), keys, origins, state,
                    stepUp, store, index, marks));
        }
        this.routes = new ProviderRoutes(built, settings.loginDefault().orElse(null));
        this.logins = new LoginRequests(settings.loginPath(), routes, stepUp, origins, failures);
        this.jwks = settings.jwksPath() == null ? null : new JwksEndpoint(signingKeys(settings));
        this.ownPaths = new OwnPaths(settings, jwks != null, routes);
    }

    /** @return the private_key_jwt keys of every provider that has them, for the one JWKS endpoint */
    private static List<SigningKeys> signingKeys(Settings settings) {
        List<SigningKeys> keys = new ArrayList<>();
        for (Registration registration : settings.registrations()) {
            if (registration.signingKeys() != null) {
                keys.add(registration.signingKeys());
            }
        }
        return keys;
    }

    /**
     * Creates the engine and discovers each provider. A provider that cannot be reached does not stop
     * startup (its logins answer 503 until discovery succeeds, the others work); one with unusable metadata does.
     *
     * @param settings the validated settings; not null
     * @param instanceName the filter's name, for log lines; not null
     * @return the engine
     * @throws SettingsException when the provider's metadata is unusable (wrong issuer, no S256)
     */
    public static LoginEngine start(Settings settings, String instanceName) {
        List<ProviderAvailability> availability = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Registration registration : settings.registrations()) {
            ProviderDiscovery discovery = new ProviderDiscovery(settings, registration);
            ProviderAvailability provider = new ProviderAvailability(discovery::discover, settings.clock(),
                    registration.issuer().toString());
            try {
                provider.discoverAtStartup();
            } catch (SettingsException e) {
                // Every provider's problems together, as for the settings themselves.
                problems.addAll(e.problems());
            }
            availability.add(provider);
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
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
     * @return whether the engine answers this path itself (a callback, the JWKS endpoint, a login path),
     *     signed in or not
     */
    public boolean isEnginePath(String requestUri, String contextPath) {
        return ownPaths.find(requestUri, contextPath) != null;
    }

    /**
     * The hot path's question: may this signed-in user go on to the app at this path?
     *
     * @param user the session's signed-in user
     * @param pathWithinApp the path as the container maps it ({@link WebExchange#pathWithinApp()}); may be null when
     *     {@link #needsPathWithinApp()} is false
     * @param requestUri the request URI as sent, context path included
     * @param contextPath the context path
     * @return whether the signed-in state holds ({@code session.max-age-seconds}, logout marks: one clock read at
     *     most) and, on a step-up path, the user's login meets the step-up and the raw path is not ambiguous;
     *     when not, {@link #handle} answers
     */
    public boolean admits(SignedInUser user, String pathWithinApp, String requestUri, String contextPath) {
        return state.isCurrent(user) && (!stepUp.isOn() || !stepUp.refuses(requestUri, contextPath)
                && (!stepUp.applies(pathWithinApp) || stepUp.isMetBy(user)));
    }

    /**
     * @return whether {@link #admits} looks at the path at all (only step-up does): when not, the hot path need not
     *     put the servlet path and path info together for every request
     */
    public boolean needsPathWithinApp() {
        return stepUp.isOn();
    }

    /**
     * @param session a signed-in session
     * @return the session's access tokens, for the app
     */
    public TokenAccess tokenAccess(WebSession session) {
        return new SessionTokenAccess(session, state, routes, settings.clock());
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
        try {
            dispatch(exchange);
        } catch (StoreUnavailable failure) {
            storeUnavailable(exchange, failure);
        }
    }

    /**
     * Answers a request whose session store or cluster.store failed: 503 with {@code Retry-After}, the failure page
     * for a page and JSON for an API call, and one WARN line naming the store and the failure's class.
     */
    public void storeUnavailable(WebExchange exchange, StoreUnavailable failure) throws IOException {
        failures.send(exchange, new LoginFailure(FailureReason.STORE_UNAVAILABLE, failure.getMessage()),
                FailureResponse.STORE_RETRY_AFTER_SECONDS, home(origins, exchange));
    }

    private void dispatch(WebExchange exchange) throws IOException {
        OwnPaths.OwnPath own = ownPaths.find(exchange.requestUri(), exchange.contextPath());
        OwnPaths.Endpoint endpoint = own == null ? OwnPaths.Endpoint.APP : own.endpoint;
        if (endpoint == OwnPaths.Endpoint.JWKS) {
            jwks.serve(exchange);
            return;
        }
        endStaleSignedInState(exchange);
        ProviderRoute route = own == null ? null : own.route;
        try {
            switch (endpoint) {
                case LOGOUT:
                    handleLogout(exchange);
                    return;
                case LOGGED_OUT:
                    logout.returned(exchange);
                    return;
                case BACKCHANNEL_LOGOUT:
                    handleBackchannelLogout(exchange, route);
                    return;
                case CALLBACK:
                    route.callback().finishLogin(exchange, route.available());
                    return;
                case LOGIN:
                case LOGIN_WITH:
                    logins.forLoginPath(exchange, route);
                    return;
                default:
                    logins.forAppPath(exchange, signedInUser(exchange));
            }
        } catch (LoginFailure failure) {
            // A callback's provider, or a logout's: the Retry-After of a provider that is down.
            failures.send(exchange, failure, route == null ? 1 : route.retryAfterSeconds(), home(origins, exchange));
        }
    }

    private void handleBackchannelLogout(WebExchange exchange, ProviderRoute route) throws IOException {
        Optional<Provider> known = route.provider();
        if (known.isPresent()) {
            route.backchannel().serve(exchange, known.get());
        } else {
            exchange.setHeader("Retry-After", Long.toString(route.retryAfterSeconds()));
            exchange.send(503, "application/json", "{\"error\":\"temporarily_unavailable\"}");
        }
    }

    /**
     * The app's root as the browser sees it, for a failure page's link: behind a prefix-stripping
     * proxy the context path alone would lead out of the app. The host is never part of it, so the
     * prefix holds even for a request whose host is not allowed.
     */
    static String home(OriginResolver origins, WebExchange exchange) {
        return origins.unchecked(exchange).appPath() + "/";
    }

    private SignedInUser signedInUser(WebExchange exchange) {
        Optional<WebSession> session = exchange.session();
        return session.isPresent() ? state.user(session.get()) : null;
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

    private void handleLogout(WebExchange exchange) throws IOException, LoginFailure {
        // Logging out works without the provider: the local session ends either way.
        ProviderRoute route = routes.of(signedInUser(exchange));
        logout.logOut(exchange, route == null ? null : route.provider().orElse(null),
                route == null ? null : route.registration());
    }
}
