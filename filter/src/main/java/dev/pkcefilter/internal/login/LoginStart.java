package dev.pkcefilter.internal.login;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.pkcefilter.internal.dpop.DpopKey;
import dev.pkcefilter.internal.endpoint.PushedRequests;
import dev.pkcefilter.internal.origin.ExternalOrigin;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.ResponseMode;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.ReturnTo;
import dev.pkcefilter.internal.web.WebExchange;
import dev.pkcefilter.internal.web.WebSession;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a login for a browser navigation: a fresh state, nonce and PKCE verifier (S256 only, RFC
 * 7636 §4.1-4.2) kept server side in the session's {@link PendingLoginStore}, then a redirect to
 * the authorization endpoint (OIDC Core §3.1.2.1): with the request in its query, or pushed first
 * (PAR, RFC 9126) and named by its {@code request_uri}. A form_post login also gets its binding cookie,
 * a DPoP login its key ({@code dpop_jkt}). Only {@link Navigation}s get here.
 */
public final class LoginStart {

    /**
     * What {@code prompt} may ask for (OIDC Core §3.1.2.1), one value at a time. Not {@code none}: its
     * {@code login_required} answer would end on an error page, not back in the app.
     */
    private static final List<String> PROMPTS = Collections.unmodifiableList(Arrays.asList(
            "login", "consent", "select_account"));
    /** An e-mail address or user name; more is not a hint. */
    private static final int MAX_LOGIN_HINT = 256;

    private final Settings settings;
    private final Registration registration;
    private final SessionKeys keys;
    private final ClientID clientId;
    private final Scope scope;
    private final OriginResolver origins;
    private final PushedRequests pushed;
    /** The last redirect URI built, as text and parsed; see {@link #shared}. */
    private volatile RedirectTarget lastRedirect = new RedirectTarget("", "");

    /**
     * @param registration the provider this starts logins with, and the client registered there
     * @param pushed pushes the provider's authorization requests, when it takes them (RFC 9126)
     */
    public LoginStart(Settings settings, Registration registration, SessionKeys keys, OriginResolver origins,
            PushedRequests pushed) {
        this.settings = settings;
        this.pushed = pushed;
        this.registration = registration;
        this.keys = keys;
        this.origins = origins;
        this.clientId = new ClientID(registration.clientId());
        this.scope = new Scope(registration.scopes().toArray(new String[0]));
    }

    /** @return the session cookie's path for an app whose root the browser sees at {@code appPath} */
    public static String cookiePath(String appPath) {
        return appPath.isEmpty() ? "/" : appPath;
    }

    /**
     * @throws LoginFailure when the request's host is not an allowed one: no redirect URI is ever
     *     built on a host the settings don't allow
     */
    public void redirectToProvider(WebExchange exchange, Provider provider) throws IOException, LoginFailure {
        redirectToProvider(exchange, provider, null);
    }

    /**
     * @param stepUp the step-up rule when the requested path needs it: the request then asks for its
     *     {@code acr_values} and {@code max_age}, and the callback checks the ID token against it; null otherwise
     * @throws LoginFailure when the request's host is not an allowed one
     */
    public void redirectToProvider(WebExchange exchange, Provider provider, StepUp stepUp) throws IOException, LoginFailure {
        String pathWithinApp = exchange.requestUri().substring(exchange.contextPath().length());
        redirect(exchange, provider, stepUp, pathWithinApp + exchange.query().map(q -> "?" + q).orElse(""), "");
    }

    /**
     * A login the app asked for at {@code <login.path>/<provider>}: its query may name where to land
     * ({@code return}, a path within the app) and pass {@code login_hint} and {@code prompt} on to the provider.
     *
     * @param stepUp the step-up rule when {@code return} is a path that needs it, else null
     * @throws LoginFailure when the host is not an allowed one, or a parameter is not one the provider may get
     */
    public void redirectOnRequest(WebExchange exchange, Provider provider, StepUp stepUp) throws IOException, LoginFailure {
        Map<String, List<String>> query = URLUtils.parseParameters(exchange.query().orElse(""));
        String returnPath = single(query, "return");
        String prompt = single(query, "prompt");
        String loginHint = single(query, "login_hint");
        if (prompt != null && !PROMPTS.contains(prompt)) {
            throw new LoginFailure(FailureReason.LOGIN_REQUEST_INVALID, "the login request's prompt is not one of " + PROMPTS);
        }
        if (loginHint != null && (loginHint.length() > MAX_LOGIN_HINT || loginHint.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new LoginFailure(FailureReason.LOGIN_REQUEST_INVALID, "the login request's login_hint is longer than "
                    + MAX_LOGIN_HINT + " characters or has control characters");
        }
        Map<String, List<String>> passed = new LinkedHashMap<>();
        if (prompt != null) {
            passed.put("prompt", Collections.singletonList(prompt));
        }
        if (loginHint != null) {
            passed.put("login_hint", Collections.singletonList(loginHint));
        }
        String extra = passed.isEmpty() ? "" : "&" + URLUtils.serializeParameters(passed);
        redirect(exchange, provider, stepUp, returnPath == null || !returnPath.startsWith("/") ? ReturnTo.FALLBACK : returnPath,
                extra);
    }

    /** @return the parameter's one value; null when absent or given more than once (which nobody sends by accident) */
    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.size() != 1 || values.get(0).isEmpty() ? null : values.get(0);
    }

    private void redirect(WebExchange exchange, Provider provider, StepUp stepUp, String returnWithinApp, String extraQuery)
            throws IOException, LoginFailure {
        ExternalOrigin origin = origins.resolve(exchange);
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        Nonce nonce = new Nonce();
        // Computed once, here; the callback checks it and the token call sends it unchanged.
        RedirectTarget redirect = shared(origin.url(registration.callbackPath()));
        String redirectUri = redirect.text;
        String returnTo = ReturnTo.sanitize(origin.appPath() + returnWithinApp);
        boolean formPost = usesFormPost(provider, origin);
        DpopKey proofKey = registration.dpop() ? DpopKey.generate() : null;
        // The constant part was built by Nimbus once for this redirect URI; what changes per login
        // is base64url (RFC 4648 §5), so it needs no encoding.
        String query = redirect.constantQuery + "&state=" + state.getValue() + "&nonce=" + nonce.getValue()
                + "&code_challenge=" + CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue()
                + "&code_challenge_method=S256" + (stepUp == null ? "" : "&" + stepUp.requestParameters())
                + (formPost ? "&response_mode=form_post" : "")
                // RFC 9449 §10: the code is bound to the session's key, so only it can redeem the code.
                + (proofKey == null ? "" : "&dpop_jkt=" + proofKey.thumbprint()) + extraQuery;
        // Pushed first: a refused request leaves no pending login and no cookie behind.
        String location = provider.pushEndpoint() == null ? endpointWithQuery(provider.authorizationEndpoint(), query)
                : endpointWithQuery(provider.authorizationEndpoint(), URLUtils.serializeParameters(pushedRequestParameters(
                        pushed.push(provider, query))));
        String binding = formPost ? formPostBinding(exchange, state.getValue(), redirectUri) : null;
        PendingLogin login = new PendingLogin(state.getValue(), registration.name(), nonce.getValue(), verifier.getValue(), redirectUri, returnTo,
                settings.clock().millis(), stepUp != null, binding, proofKey == null ? null : proofKey.toJson());
        remember(exchange.createSession(), login);
        exchange.hardenSessionCookie("https".equals(origin.scheme()), cookiePath(origin.appPath()));
        exchange.setHeader("Cache-Control", "no-store");
        exchange.redirect(location);
    }

    /** RFC 9126 §4: the browser carries the client and the reference to the pushed request, nothing else. */
    private Map<String, List<String>> pushedRequestParameters(URI requestUri) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("client_id", Collections.singletonList(registration.clientId()));
        parameters.put("request_uri", Collections.singletonList(requestUri.toString()));
        return parameters;
    }

    /**
     * Whether this login asks for form_post. Its binding cookie is {@code SameSite=None; Secure}, which browsers keep
     * only on https (or on loopback, for development): over plain http a form_post login could never finish, so
     * {@code auto} falls back to query there, and an explicit {@code form_post} is refused.
     */
    private boolean usesFormPost(Provider provider, ExternalOrigin origin) throws LoginFailure {
        if (!provider.formPost() || "https".equals(origin.scheme()) || ExternalOrigin.isLoopback(origin.host())) {
            return provider.formPost();
        }
        if (registration.responseMode() == ResponseMode.AUTO) {
            return false;
        }
        throw new LoginFailure(FailureReason.FORM_POST_NEEDS_TLS, "provider '" + registration.name()
                + "' answers with form_post, but the app is reached over plain http at " + origin.origin());
    }

    /**
     * A form_post login's binding cookie ({@link FormPostBinding}).
     *
     * @return the binding value the pending login keeps
     */
    private String formPostBinding(WebExchange exchange, String state, String redirectUri) {
        String value = FormPostBinding.newValue();
        exchange.addHeader("Set-Cookie", FormPostBinding.setCookie(state, value, URI.create(redirectUri).getRawPath(),
                settings.pendingLoginTtl().getSeconds()));
        return value;
    }

    /**
     * Nearly every app has one redirect URI, and every pending login holds it: keeping one instance
     * instead of a copy per login saves about 80 bytes per open tab, and building its request once saves CPU.
     * A race only costs that saving.
     */
    private RedirectTarget shared(String redirectUri) {
        RedirectTarget last = lastRedirect;
        if (last.text.equals(redirectUri)) {
            return last;
        }
        URI uri = URI.create(redirectUri);
        RedirectTarget fresh = new RedirectTarget(redirectUri, new AuthenticationRequest.Builder(ResponseType.CODE, scope, clientId, uri)
                .build().toQueryString());
        lastRedirect = fresh;
        return fresh;
    }

    /** The authorization endpoint may already have a query (RFC 6749 §3.1): keep it. */
    public static String endpointWithQuery(URI endpoint, String query) {
        String base = endpoint.toString();
        return base + (endpoint.getRawQuery() == null ? "?" : "&") + query;
    }

    /**
     * A redirect URI, and the query of an authentication request for it without the per-login
     * parameters: building and encoding that once, rather than per login, halves a login start's cost.
     */
    private static final class RedirectTarget {
        public final String text;
        public final String constantQuery;

        public RedirectTarget(String text, String constantQuery) {
            this.text = text;
            this.constantQuery = constantQuery;
        }
    }

    /**
     * A session made only to hold a pending login lives no longer than the login may take: an
     * abandoned login (a bot, a closed tab) then costs memory for minutes, not for the container's
     * whole timeout. The container's timeout comes back when the login completes.
     */
    private void limitLifetimeOfNew(WebSession session) {
        int ttl = (int) settings.pendingLoginTtl().getSeconds();
        int original = session.maxInactiveSeconds();
        if (session.isNew() && (original <= 0 || original > ttl)) {
            session.setAttribute(keys.sessionTimeout(), original);
            session.maxInactiveSeconds(ttl);
        }
    }

    private void remember(WebSession session, PendingLogin login) {
        limitLifetimeOfNew(session);
        PendingLoginStore store = (PendingLoginStore) session.attribute(keys.pendingLogins());
        if (store == null) {
            store = new PendingLoginStore(settings.maxPendingLogins(), settings.pendingLoginTtl().toMillis());
        }
        store.add(login, settings.clock().millis());
        // Set again even when it was there, so that replicating containers see the change.
        session.setAttribute(keys.pendingLogins(), store);
    }
}
