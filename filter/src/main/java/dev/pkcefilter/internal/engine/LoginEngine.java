package dev.pkcefilter.internal.engine;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.internal.client.JwksEndpoint;
import dev.pkcefilter.internal.login.LoginStart;
import dev.pkcefilter.internal.login.StepUp;
import dev.pkcefilter.internal.logout.LogoutHandler;
import dev.pkcefilter.internal.logout.LogoutMarks;
import dev.pkcefilter.internal.logout.NodeLocalStore;
import dev.pkcefilter.internal.logout.SessionIndex;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.provider.ProviderDiscovery;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.TokenUnavailableException;
import dev.pkcefilter.internal.client.SigningKeys;
import dev.pkcefilter.internal.settings.Registration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
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
    private final List<ProviderRoute> routes;
    /** The route a page that needs a signed-in user starts with; null: the chooser page. */
    private final ProviderRoute loginDefault;
    private final ProviderChooser chooser;
    private final FailureResponse failures = new FailureResponse();
    private final JwksEndpoint jwks;
    private final OriginResolver origins;
    private final SignedInState state;
    private final LogoutHandler logout;
    private final StepUp stepUp;
    /** Every path the engine answers itself, for the hot path's question and for {@link #handle}. */
    private final List<OwnPath> ownPaths = new ArrayList<>();

    /**
     * @param settings the validated settings
     * @param availability each provider's discovery, in the order of {@link Settings#registrations()}
     */
    public LoginEngine(Settings settings, List<ProviderAvailability> availability) {
        this.settings = settings;
        this.keys = new SessionKeys(settings);
        this.origins = OriginResolver.from(settings);
        SessionIndex index = new SessionIndex(SESSION_INDEX_CAPACITY);
        ClusterStore store = settings.clusterStore() != null ? settings.clusterStore()
                : new NodeLocalStore(settings.clock(), NODE_STORE_CAPACITY);
        LogoutMarks marks = new LogoutMarks(settings, store);
        this.state = new SignedInState(settings, keys, index, marks);
        this.stepUp = new StepUp(settings);
        this.logout = new LogoutHandler(settings, state, origins);
        List<ProviderRoute> built = new ArrayList<>();
        ProviderRoute defaultRoute = null;
        for (int i = 0; i < settings.registrations().size(); i++) {
            Registration registration = settings.registrations().get(i);
            ProviderRoute route = new ProviderRoute(settings, registration, availability.get(i), keys, origins, state, stepUp,
                    store, index, marks);
            built.add(route);
            if (settings.loginDefault().map(registration::equals).orElse(false)) {
                defaultRoute = route;
            }
        }
        this.routes = Collections.unmodifiableList(built);
        this.loginDefault = defaultRoute;
        this.chooser = new ProviderChooser(settings.registrations());
        this.jwks = settings.jwksPath() == null ? null : new JwksEndpoint(signingKeys(settings));
        if (jwks != null) {
            ownPaths.add(new OwnPath(settings.jwksPath(), Endpoint.JWKS, null));
        }
        ownPaths.add(new OwnPath(settings.logoutPath(), Endpoint.LOGOUT, null));
        ownPaths.add(new OwnPath(settings.loginPath(), Endpoint.LOGIN, null));
        for (ProviderRoute route : routes) {
            ownPaths.add(new OwnPath(route.registration().callbackPath(), Endpoint.CALLBACK, route));
            ownPaths.add(new OwnPath(route.registration().loginPath(), Endpoint.LOGIN_WITH, route));
            if (route.backchannel() != null) {
                ownPaths.add(new OwnPath(route.registration().backchannelLogoutPath(), Endpoint.BACKCHANNEL_LOGOUT, route));
            }
        }
    }

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
        return ownPath(requestUri, contextPath) != null;
    }

    /** The filter's own endpoints, and {@link #APP} for every other path. */
    private enum Endpoint { JWKS, LOGOUT, LOGIN, LOGIN_WITH, BACKCHANNEL_LOGOUT, CALLBACK, APP }

    /** One path the engine answers, and for a provider's own path, the provider. */
    private static final class OwnPath {
        final String path;
        final Endpoint endpoint;
        final ProviderRoute route;

        OwnPath(String path, Endpoint endpoint, ProviderRoute route) {
            this.path = path;
            this.endpoint = endpoint;
            this.route = route;
        }
    }

    /** @return the engine's path the request is for; null for an app path */
    private OwnPath ownPath(String requestUri, String contextPath) {
        // A few entries per provider, each compared by length first: cheaper than building a key to look up.
        for (OwnPath own : ownPaths) {
            if (isPath(requestUri, contextPath, own.path)) {
                return own;
            }
        }
        return null;
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
        return () -> {
            ProviderRoute route = routeOf(state.user(session));
            if (route == null) {
                throw new TokenUnavailableException("the session is not signed in with a configured provider", true);
            }
            return route.refresher().accessToken(session);
        };
    }

    /** @return the route of the provider the user signed in with; null for none (not signed in, or settings changed) */
    private ProviderRoute routeOf(SignedInUser user) {
        if (user != null) {
            for (ProviderRoute route : routes) {
                if (route.registration().issuer().toString().equals(user.issuer())) {
                    return route;
                }
            }
        }
        return null;
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
        OwnPath own = ownPath(exchange.requestUri(), exchange.contextPath());
        Endpoint endpoint = own == null ? Endpoint.APP : own.endpoint;
        if (endpoint == Endpoint.JWKS) {
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
                case BACKCHANNEL_LOGOUT:
                    handleBackchannelLogout(exchange, route);
                    return;
                case CALLBACK:
                    route.callback().finishLogin(exchange, route.available());
                    return;
                case LOGIN:
                case LOGIN_WITH:
                    handleLoginRequest(exchange, route);
                    return;
                default:
                    handleAppPath(exchange);
            }
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, route == null ? 1 : route.retryAfterSeconds(), home(exchange));
        }
    }

    /**
     * A page without a signed-in user, or one that needs a step-up the user's login lacks: a navigation starts a
     * login (with the user's provider for a step-up, else the default provider, else the chooser), anything else
     * gets 401.
     */
    private void handleAppPath(WebExchange exchange) throws IOException, LoginFailure {
        // A signed-in user reaches here on an app path only when the path needs a step-up their login lacks.
        boolean needsStepUp = stepUp.isOn() && stepUp.applies(exchange.pathWithinApp());
        SignedInUser user = needsStepUp ? signedInUser(exchange) : null;
        if (!LoginStart.isNavigation(exchange)) {
            if (user != null) {
                rejectInsufficientAuthentication(exchange);
            } else {
                LoginStart.rejectUnauthenticated(exchange);
            }
            return;
        }
        ProviderRoute route = user != null ? routeOf(user) : loginDefault;
        if (route == null) {
            String pathWithinApp = exchange.requestUri().substring(exchange.contextPath().length())
                    + exchange.query().map(q -> "?" + q).orElse("");
            exchange.setHeader("Cache-Control", "no-store");
            exchange.redirect(origins.unchecked(exchange).appPath() + settings.loginPath() + "?"
                    + com.nimbusds.oauth2.sdk.util.URLUtils.serializeParameters(Collections.singletonMap("return",
                            Collections.singletonList(pathWithinApp))));
            return;
        }
        try {
            // Asked for at once when the first login is for a step-up path: one login instead of two.
            route.loginStart().redirectToProvider(exchange, route.available(), needsStepUp ? stepUp : null);
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, route.retryAfterSeconds(), home(exchange));
        }
    }

    /** {@code login.path}: the default provider's login, or the chooser; {@code login.path/<name>}: that provider's. */
    private void handleLoginRequest(WebExchange exchange, ProviderRoute named) throws IOException, LoginFailure {
        if (!"GET".equals(exchange.method()) && !"HEAD".equals(exchange.method())) {
            exchange.setHeader("Allow", "GET, HEAD");
            exchange.send(405, "text/plain;charset=UTF-8", "Start a sign-in with a GET request.\n");
            return;
        }
        ProviderRoute route = named != null ? named : loginDefault;
        if (route == null) {
            chooser.send(exchange, origins.unchecked(exchange).appPath(), ProviderChooser.returnParameter(exchange));
            return;
        }
        try {
            route.loginStart().redirectOnRequest(exchange, route.available());
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, route.retryAfterSeconds(), home(exchange));
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

    private void handleLogout(WebExchange exchange) throws IOException, LoginFailure {
        // Logging out works without the provider: the local session ends either way.
        ProviderRoute route = routeOf(signedInUser(exchange));
        logout.logOut(exchange, route == null ? null : route.provider().orElse(null),
                route == null ? null : route.registration());
    }
}
