package dev.pkcefilter.internal.engine;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.internal.login.StepUp;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.FailureResponse;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.Navigation;
import dev.pkcefilter.internal.web.WebExchange;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Where logins start: a page that needs a signed-in user (or a step-up the user's login lacks), and the app's
 * own requests at {@code login.path} and {@code login.path/<name>}. Only browser navigations start a login;
 * anything else gets 401. With several providers and no default, the chooser page decides.
 */
final class LoginRequests {

    private final String loginPath;
    private final ProviderRoutes routes;
    private final ProviderChooser chooser;
    private final StepUp stepUp;
    private final OriginResolver origins;
    private final FailureResponse failures;

    LoginRequests(String loginPath, ProviderRoutes routes, StepUp stepUp, OriginResolver origins, FailureResponse failures) {
        this.loginPath = loginPath;
        this.routes = routes;
        this.chooser = new ProviderChooser(routes.registrations());
        this.stepUp = stepUp;
        this.origins = origins;
        this.failures = failures;
    }

    /**
     * A page without a signed-in user, or one whose step-up the signed-in user's login lacks: a login with the
     * user's provider for a step-up, else with the default provider, else the chooser.
     *
     * @param user the signed-in user, or null
     */
    void forAppPath(WebExchange exchange, SignedInUser user) throws IOException {
        if (stepUp.refuses(exchange.requestUri(), exchange.contextPath())) {
            failures.send(exchange, new LoginFailure(FailureReason.PATH_AMBIGUOUS,
                    "the request's path is ambiguous and leads to a step-up path"), 1, LoginEngine.home(origins, exchange));
            return;
        }
        boolean needsStepUp = stepUp.isOn() && stepUp.applies(exchange.pathWithinApp());
        if (!Navigation.isNavigation(exchange)) {
            if (needsStepUp && user != null) {
                rejectInsufficientAuthentication(exchange);
            } else {
                Navigation.rejectUnauthenticated(exchange);
            }
            return;
        }
        ProviderRoute route = needsStepUp && user != null ? routes.of(user) : routes.loginDefault();
        if (route == null) {
            String pathWithinApp = exchange.requestUri().substring(exchange.contextPath().length())
                    + exchange.query().map(q -> "?" + q).orElse("");
            exchange.setHeader("Cache-Control", "no-store");
            exchange.redirect(origins.unchecked(exchange).appPath() + loginPath + "?" + URLUtils.serializeParameters(
                    Collections.singletonMap("return", Collections.singletonList(pathWithinApp))));
            return;
        }
        try {
            // Asked for at once when the first login is for a step-up path: one login instead of two.
            route.loginStart().redirectToProvider(exchange, route.available(), needsStepUp ? stepUp : null);
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, route.retryAfterSeconds(), LoginEngine.home(origins, exchange));
        }
    }

    /**
     * {@code login.path}: the default provider's login, or the chooser; {@code login.path/<name>}: that provider's.
     * Like any login start, only for a navigation: an image or a script must not start a hidden one.
     *
     * @param named the provider of {@code login.path/<name>}; null for {@code login.path}
     */
    void forLoginPath(WebExchange exchange, ProviderRoute named) throws IOException {
        if (!Navigation.isNavigation(exchange)) {
            Navigation.rejectUnauthenticated(exchange);
            return;
        }
        String returnPath = returnParameter(exchange);
        ProviderRoute route = named != null ? named : routes.loginDefault();
        if (route == null) {
            chooser.send(exchange, origins.unchecked(exchange).appPath(), returnPath);
            return;
        }
        // A return to a step-up path asks for the step-up at once, as a page would: one login instead of two.
        String returnWithoutQuery = returnPath == null ? "" : returnPath.replaceFirst("[?#].*", "");
        boolean needsStepUp = stepUp.isOn() && !returnWithoutQuery.isEmpty() && stepUp.applies(returnWithoutQuery);
        try {
            route.loginStart().redirectOnRequest(exchange, route.available(), needsStepUp ? stepUp : null);
        } catch (LoginFailure failure) {
            failures.send(exchange, failure, route.retryAfterSeconds(), LoginEngine.home(origins, exchange));
        }
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

    /** @return the {@code return} parameter of a request to {@code login.path}, or null */
    private static String returnParameter(WebExchange exchange) {
        Map<String, List<String>> query = URLUtils.parseParameters(exchange.query().orElse(""));
        List<String> values = query.get("return");
        return values == null || values.size() != 1 ? null : values.get(0);
    }
}
