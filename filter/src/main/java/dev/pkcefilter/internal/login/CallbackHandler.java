package dev.pkcefilter.internal.login;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.internal.dpop.DpopKey;
import dev.pkcefilter.internal.endpoint.TokenExchange;
import dev.pkcefilter.internal.endpoint.UserInfoFetch;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.Redaction;
import dev.pkcefilter.internal.web.ReturnTo;
import dev.pkcefilter.internal.web.WebExchange;
import dev.pkcefilter.internal.web.WebSession;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finishes a login at the callback (OIDC Core §3.1.2.5 to §3.1.3.7). Each step is one method, in
 * the order a reviewer checks them: read the response, take the pending login by state, check the
 * issuer, map an error response, exchange the code, verify the ID token, rotate the session id,
 * store the user, redirect. A failed step ends the login before any later step runs.
 */
public final class CallbackHandler {

    private static final URI PLACEHOLDER = URI.create("https://callback.invalid/");

    /**
     * Claims about the authentication itself; only the ID token may state them, so userinfo never adds them
     * (step-up decides on acr and auth_time).
     */
    private static final Set<String> ID_TOKEN_ONLY = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "acr", "amr", "auth_time", "iss", "aud", "azp", "nonce", "exp", "iat", "sid")));

    private final Settings settings;
    private final Registration registration;
    private final SessionKeys keys;
    private final TokenExchange tokenExchange;
    private final OriginResolver origins;
    private final SignedInState state;
    private final UserInfoFetch userInfo;
    private final StepUp stepUp;

    /**
     * @param registration the provider whose redirect URI this callback is: the only one whose logins it finishes
     * @param userInfo the userinfo call, or null when it is off
     */
    public CallbackHandler(Settings settings, Registration registration, SessionKeys keys, TokenExchange tokenExchange,
            OriginResolver origins, SignedInState state, UserInfoFetch userInfo, StepUp stepUp) {
        this.settings = settings;
        this.registration = registration;
        this.keys = keys;
        this.tokenExchange = tokenExchange;
        this.origins = origins;
        this.state = state;
        this.userInfo = userInfo;
        this.stepUp = stepUp;
    }

    /**
     * Finishes the login whose response arrived: in the query of a GET, or for a form_post login in the body of a
     * POST (which may first be relayed to bring the session cookie along, see {@link FormPostBinding}).
     */
    public void finishLogin(WebExchange exchange, Provider provider) throws LoginFailure, IOException {
        String method = exchange.method();
        if (!"GET".equals(method) && !"POST".equals(method)) {
            exchange.setHeader("Allow", "GET, POST");
            exchange.send(405, "text/plain;charset=UTF-8", "A sign-in response comes as a GET (query) or a POST (form_post).\n");
            return;
        }
        boolean posted = "POST".equals(method);
        Map<String, List<String>> parameters = posted ? FormPostBinding.postedParameters(exchange) : queryParameters(exchange);
        if (posted && !exchange.session().isPresent() && !parameters.containsKey(FormPostBinding.RELAYED)) {
            FormPostBinding.relay(exchange, parameters);
            return;
        }
        if (posted) {
            // Spent whatever happens next: a failed login leaves no binding cookie behind either.
            FormPostBinding.spend(exchange, parameters.get("state").get(0),
                    origins.unchecked(exchange).appPath() + registration.callbackPath());
        }
        AuthorizationResponse response = readResponse(parameters);
        WebSession session = sessionOf(exchange);
        PendingLogin login = takePendingLogin(session, response);
        checkSameProvider(login);
        FormPostBinding.checkResponseMode(exchange, login, posted);
        checkSameOrigin(exchange, login);
        checkIssuer(response, provider);
        String code = codeOrProviderError(response);
        OIDCTokens tokens = tokenExchange.exchange(provider, code, login.redirectUri(), login.codeVerifier(),
                login.proofKey());
        IDTokenClaimsSet claims = provider.idTokenVerifier().verify(tokens.getIDTokenString(), login.nonce());
        if (login.stepUp()) {
            stepUp.check(claims);
            checkSameUser(session, claims);
        }
        Map<String, Object> userClaims = userClaims(provider, claims, tokens, login.proofKey());
        session.changeId();
        state.begin(session, registration, claims, userClaims, tokens, tokens.getIDTokenString(), login.proofKeyJson());
        redirect(exchange, login);
    }

    private static Map<String, List<String>> queryParameters(WebExchange exchange) {
        return URLUtils.parseParameters(exchange.query().orElse(""));
    }

    private static AuthorizationResponse readResponse(Map<String, List<String>> parameters) throws LoginFailure {
        Map<String, List<String>> responseParameters = new LinkedHashMap<>(parameters);
        responseParameters.remove(FormPostBinding.RELAYED);
        AuthorizationResponse response;
        try {
            // Only the parameters matter to the parser; the URI beside them is a placeholder.
            response = AuthorizationResponse.parse(PLACEHOLDER, responseParameters);
        } catch (ParseException | IllegalArgumentException e) {
            throw new LoginFailure(FailureReason.CALLBACK_MALFORMED, "the callback's parameters are not an authorization response");
        }
        if (response.getState() == null) {
            throw new LoginFailure(FailureReason.CALLBACK_MALFORMED, "the callback has no state parameter");
        }
        return response;
    }

    private static WebSession sessionOf(WebExchange exchange) throws LoginFailure {
        return exchange.session().orElseThrow(() -> exchange.sessionIdRequested()
                ? new LoginFailure(FailureReason.STATE_SESSION_LOST, "a session cookie arrived but names no live session")
                : new LoginFailure(FailureReason.STATE_NO_SESSION, "no session cookie arrived with the callback"));
    }

    /** Single use: the pending login leaves the store here, before any call to the provider. */
    private PendingLogin takePendingLogin(WebSession session, AuthorizationResponse response) throws LoginFailure {
        PendingLoginStore store = (PendingLoginStore) session.attribute(keys.pendingLogins());
        if (store == null) {
            throw new LoginFailure(FailureReason.STATE_UNKNOWN, "the session has no pending login at all");
        }
        PendingLoginStore.Taken taken = store.take(response.getState().getValue(), settings.clock().millis());
        // Written back (or removed when no other tab waits) so that replicating stores see the take; an
        // empty store would otherwise stay in a signed-in session for its whole life.
        if (store.size() == 0) {
            session.removeAttribute(keys.pendingLogins());
        } else {
            session.setAttribute(keys.pendingLogins(), store);
        }
        switch (taken.outcome) {
            case FOUND:
                return taken.login;
            case EXPIRED:
                throw new LoginFailure(FailureReason.STATE_EXPIRED, "the pending login for this state expired");
            default:
                throw new LoginFailure(FailureReason.STATE_UNKNOWN, "the session has no pending login for this state ("
                        + store.size() + " other(s) pending)");
        }
    }

    /**
     * Mix-up defense (RFC 9700 §4.4.2): each provider has its own redirect URI, so a response arriving at this one
     * finishes only a login sent to this provider. Checked before anything is sent anywhere: the code of a login
     * sent to another provider must never reach this provider's token endpoint.
     */
    private void checkSameProvider(PendingLogin login) throws LoginFailure {
        if (!registration.name().equals(login.provider())) {
            throw new LoginFailure(FailureReason.PROVIDER_MIX_UP, "the login was sent to provider '" + login.provider()
                    + "' but its response arrived at the redirect URI of provider '" + registration.name() + "'");
        }
    }

    /** The callback must arrive where the login said it would: the stored redirect URI. */
    private void checkSameOrigin(WebExchange exchange, PendingLogin login) throws LoginFailure {
        String arrivedAt = origins.resolve(exchange).url(registration.callbackPath());
        if (!arrivedAt.equals(login.redirectUri())) {
            throw new LoginFailure(FailureReason.WRONG_ORIGIN, "the login started with redirect_uri " + login.redirectUri()
                    + " but the callback arrived at " + arrivedAt);
        }
    }

    /** RFC 9207 §2.4: required when the provider says it sends iss, and checked whenever present. */
    private void checkIssuer(AuthorizationResponse response, Provider provider) throws LoginFailure {
        Issuer iss = response.getIssuer();
        if (iss == null) {
            if (provider.sendsIssuerParameter()) {
                throw new LoginFailure(FailureReason.ISSUER_MISMATCH, "the callback has no iss parameter, which the provider announces");
            }
            return;
        }
        if (!iss.getValue().equals(provider.issuer().toString())) {
            throw new LoginFailure(FailureReason.ISSUER_MISMATCH, "the callback's iss parameter is not the issuer of provider '"
                    + registration.name() + "', whose redirect URI it arrived at");
        }
    }

    private static String codeOrProviderError(AuthorizationResponse response) throws LoginFailure {
        if (response.indicatesSuccess()) {
            // Nimbus reads a response with a token and no code (the implicit flow's) as a success too.
            AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
            // Blank too, by Nimbus's measure (whitespace as Character.isWhitespace says, which trim() does not cover):
            // the token request's AuthorizationCode refuses one (found by CallbackFuzzTest's long run).
            if (code == null || code.getValue().chars().allMatch(c -> c <= ' ' || Character.isWhitespace(c))) {
                throw new LoginFailure(FailureReason.CALLBACK_MALFORMED, "the callback has no code parameter");
            }
            return code.getValue();
        }
        ErrorObject error = ((AuthorizationErrorResponse) response).getErrorObject();
        String code = error == null ? null : error.getCode();
        if (OAuth2Error.ACCESS_DENIED.getCode().equals(code)) {
            throw new LoginFailure(FailureReason.ACCESS_DENIED, "the provider answered error=access_denied");
        }
        throw new LoginFailure(FailureReason.PROVIDER_ERROR, "the provider answered error=" + Redaction.errorCode(code));
    }

    /**
     * A step-up strengthens the session's sign-in; it must not switch the session to another account, whose app
     * data would then sit beside the first one's.
     */
    private void checkSameUser(WebSession session, IDTokenClaimsSet claims) throws LoginFailure {
        SignedInUser current = state.user(session);
        if (current != null && !(current.subject().equals(claims.getSubject().getValue())
                && current.issuer().equals(claims.getIssuer().getValue()))) {
            throw new LoginFailure(FailureReason.STEP_UP_NOT_MET, "the step-up's ID token names another user than the session's");
        }
    }

    /** The ID token's claims, plus the userinfo endpoint's when enabled (ID token claims win). */
    private Map<String, Object> userClaims(Provider provider, IDTokenClaimsSet claims, OIDCTokens tokens, DpopKey proofKey)
            throws LoginFailure {
        Map<String, Object> merged = new LinkedHashMap<>(claims.toJSONObject());
        if (userInfo != null) {
            for (Map.Entry<String, Object> claim : userInfo.fetch(provider, tokens.getAccessToken(),
                    claims.getSubject().getValue(), proofKey).entrySet()) {
                if (!ID_TOKEN_ONLY.contains(claim.getKey())) {
                    merged.putIfAbsent(claim.getKey(), claim.getValue());
                }
            }
        }
        return merged;
    }

    private void redirect(WebExchange exchange, PendingLogin login) throws IOException {
        // The new session id's cookie gets the same attributes as the one set at login start.
        // The redirect URI is the app's external root plus the callback path, so the root's path is what remains.
        URI redirectUri = URI.create(login.redirectUri());
        String path = redirectUri.getRawPath();
        String appPath = path.substring(0, path.length() - registration.callbackPath().length());
        exchange.hardenSessionCookie("https".equals(redirectUri.getScheme()), LoginStart.cookiePath(appPath));
        exchange.setHeader("Cache-Control", "no-store");
        exchange.setHeader("Referrer-Policy", "no-referrer");
        exchange.redirect(ReturnTo.sanitize(login.returnTo()));
    }
}
