package dev.pkcefilter.internal.login;

import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.FailureResponse;
import dev.pkcefilter.internal.web.LoginFailure;
import dev.pkcefilter.internal.web.WebExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a form_post response (OAuth 2.0 Form Post Response Mode) to the browser that started the login, without
 * the session cookie: the provider's page POSTs to the redirect URI from another site, and a {@code SameSite=Lax}
 * session cookie does not come with a cross-site POST.
 *
 * <p>At login start, a cookie named after the state gets a fresh random value, kept in the pending login too. It
 * is {@code SameSite=None; Secure; HttpOnly}, scoped to the redirect URI's path and as short-lived as the pending
 * login, so it comes with the provider's POST. When that POST has no session, the callback answers with a page that
 * posts the same response parameters again, now from the app's own origin, so that the session cookie comes along.
 * Only a POST that carries the binding cookie of its state is relayed, and the login finishes only when the cookie's
 * value is the pending login's. What binds the response to the browser in the end is the session: the pending
 * login is taken from it by state, and its PKCE verifier goes to the token call. The relay does nothing but POST
 * the response parameters back to this callback, so it opens no way around {@code SameSite} for any other path.
 */
public final class FormPostBinding {

    /** Marks the relayed POST, so that a browser whose session cookie still does not come gets an error, not a loop. */
    static final String RELAYED = "pkce_filter_relayed";
    private static final String COOKIE_PREFIX = "pkcefilter-fp-";
    /** The response parameters a form_post may carry (RFC 6749 §4.1.2 and §4.1.2.1, RFC 9207, OIDC Session 1.0). */
    private static final Set<String> RESPONSE_PARAMETERS = Collections.unmodifiableSet(new HashSet<>(Arrays.asList(
            "code", "state", "iss", "error", "error_description", "error_uri", "session_state")));
    private static final SecureRandom RANDOM = new SecureRandom();

    private FormPostBinding() {
    }

    /** @return a fresh binding value: 256 random bits, base64url */
    static String newValue() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One cookie per state, so that logins in several tabs do not overwrite each other's. */
    static String cookieName(String state) {
        return COOKIE_PREFIX + state.substring(0, Math.min(16, state.length()));
    }

    /**
     * @param redirectUriPath the redirect URI's path as the browser sees it: where the provider posts
     * @param maxAgeSeconds how long the pending login lives
     */
    static String setCookie(String state, String value, String redirectUriPath, long maxAgeSeconds) {
        return cookieName(state) + "=" + value + "; Path=" + redirectUriPath + "; Max-Age=" + maxAgeSeconds
                + "; Secure; HttpOnly; SameSite=None";
    }

    /** Removes the binding cookie of this state: it serves one POST that is not relayed, whatever its outcome. */
    static void spend(WebExchange exchange, String state, String redirectUriPath) {
        exchange.addHeader("Set-Cookie", cookieName(state) + "=; Path=" + redirectUriPath
                + "; Max-Age=0; Secure; HttpOnly; SameSite=None");
    }

    /** @return whether the cookie's value is the pending login's, compared in constant time */
    static boolean matches(String cookieValue, String bindingValue) {
        return cookieValue != null && bindingValue != null && MessageDigest.isEqual(
                cookieValue.getBytes(StandardCharsets.US_ASCII), bindingValue.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * A form_post response: the body's parameters, and nothing in the query (the provider posts to the redirect URI
     * as registered). Only a POST with the binding cookie of its state goes further, relayed or not.
     */
    static Map<String, List<String>> postedParameters(WebExchange exchange) throws LoginFailure {
        if (exchange.query().isPresent()) {
            throw new LoginFailure(FailureReason.CALLBACK_MALFORMED, "a POST to the callback has a query");
        }
        Map<String, List<String>> parameters = exchange.parameters();
        List<String> state = parameters.get("state");
        if (state == null || state.size() != 1) {
            throw new LoginFailure(FailureReason.CALLBACK_MALFORMED, "a POST to the callback has no single state parameter");
        }
        if (!exchange.cookie(FormPostBinding.cookieName(state.get(0))).isPresent()) {
            throw new LoginFailure(FailureReason.FORM_POST_UNBOUND, "a POST to the callback came without its state's binding cookie");
        }
        return parameters;
    }

    /**
     * The response must come the way the login asked for it: a form_post login's as a POST carrying its binding
     * cookie (whose value must be the pending login's), a query login's as a GET.
     */
    static void checkResponseMode(WebExchange exchange, PendingLogin login, boolean posted) throws LoginFailure {
        if (!login.formPost()) {
            if (posted) {
                throw new LoginFailure(FailureReason.CALLBACK_MALFORMED, "a query login's response came as a POST");
            }
            return;
        }
        String cookie = exchange.cookie(cookieName(login.state())).orElse(null);
        if (!posted) {
            throw new LoginFailure(FailureReason.CALLBACK_MALFORMED, "a form_post login's response came in a query");
        }
        if (!matches(cookie, login.formPostBinding())) {
            throw new LoginFailure(FailureReason.FORM_POST_UNBOUND, "the binding cookie's value is not the pending login's");
        }
    }

    /**
     * Posts the response parameters again from the app's own origin (to the same URL: the form has no action), with
     * a script allowed by a nonce and a button for browsers without scripts. Only response parameters are copied,
     * each escaped; nothing here is ever written to a log.
     */
    static void relay(WebExchange exchange, Map<String, List<String>> parameters) throws IOException {
        StringBuilder fields = new StringBuilder();
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (RESPONSE_PARAMETERS.contains(parameter.getKey()) && parameter.getValue().size() == 1) {
                fields.append("<input type=\"hidden\" name=\"").append(parameter.getKey()).append("\" value=\"")
                        .append(FailureResponse.escape(parameter.getValue().get(0))).append("\">\n");
            }
        }
        fields.append("<input type=\"hidden\" name=\"").append(RELAYED).append("\" value=\"1\">\n");
        String nonce = newValue();
        exchange.setHeader("Cache-Control", "no-store");
        // Not no-referrer: under it the relayed POST would carry "Origin: null", which CSRF checks in front of the app refuse.
        exchange.setHeader("Referrer-Policy", "same-origin");
        exchange.setHeader("X-Content-Type-Options", "nosniff");
        exchange.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce + "'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'");
        exchange.send(200, "text/html;charset=UTF-8", "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Signing in</title><meta name=\"robots\" content=\"noindex\"></head>\n<body>\n<form method=\"post\">\n"
                + fields + "<noscript><button type=\"submit\">Continue signing in</button></noscript>\n</form>\n"
                + "<script nonce=\"" + nonce + "\">document.forms[0].submit();</script>\n</body></html>\n");
    }
}
