package dev.pkcefilter;

import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The servlet-free core of the filter: for a request that is not simply passed through, it starts a
 * login, finishes a callback, or answers 401/503. The adapters (one per servlet namespace) handle
 * the signed-in hot path themselves with {@link #isEnginePath} and {@link #sessionUserKey()}, so a
 * signed-in request costs a string comparison and a session lookup.
 *
 * <p>Adapter SPI: public only because the adapters live in their own packages; not for apps.
 */
public final class LoginEngine {

    private static final Logger LOG = Logger.getLogger(LoginEngine.class.getName());

    private final FilterSettings settings;
    private final SessionKeys keys;
    private final ProviderAvailability provider;
    private final LoginStart loginStart;
    private final CallbackHandler callback;
    private final FailureResponse failures = new FailureResponse();
    private final JwksEndpoint jwks;

    LoginEngine(FilterSettings settings, ProviderAvailability provider) {
        this.settings = settings;
        this.keys = new SessionKeys(settings);
        this.provider = provider;
        OriginResolver origins = OriginResolver.from(settings);
        this.loginStart = new LoginStart(settings, keys, origins);
        this.callback = new CallbackHandler(settings, keys,
                new TokenExchange(settings, ClientAuthenticator.from(settings)), origins);
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
    public static LoginEngine start(FilterSettings settings, String instanceName) {
        ProviderDiscovery discovery = new ProviderDiscovery(settings);
        ProviderAvailability availability = new ProviderAvailability(discovery::discover, settings.clock(),
                settings.issuer().toString());
        availability.discoverAtStartup();
        LOG.info("pkce-filter: filter '" + instanceName + "' started with " + settings);
        return new LoginEngine(settings, availability);
    }

    /**
     * @param requestUri the request URI as sent, context path included
     * @param contextPath the context path
     * @return whether the engine answers this path itself (the callback, the JWKS endpoint),
     *     signed in or not
     */
    public boolean isEnginePath(String requestUri, String contextPath) {
        return isPath(requestUri, contextPath, settings.callbackPath())
                || (settings.jwksPath() != null && isPath(requestUri, contextPath, settings.jwksPath()));
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
        if (jwks != null && isPath(exchange.requestUri(), exchange.contextPath(), settings.jwksPath())) {
            jwks.serve(exchange);
            return;
        }
        boolean callbackRequest = isPath(exchange.requestUri(), exchange.contextPath(), settings.callbackPath());
        if (!callbackRequest && !LoginStart.isNavigation(exchange)) {
            LoginStart.rejectUnauthenticated(exchange);
            return;
        }
        try {
            Provider current = available();
            if (callbackRequest) {
                callback.finishLogin(exchange, current);
            } else {
                loginStart.redirectToProvider(exchange, current);
            }
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, provider.retryAfterSeconds());
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
