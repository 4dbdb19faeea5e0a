package dev.pkcefilter.internal.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which requests may start a login: only a browser's page navigation. Anything else that needs a signed-in user
 * (an image, a script, a {@code fetch()} call) gets 401 instead, so that no hidden login runs behind a page.
 */
public final class Navigation {

    private Navigation() {
    }

    /**
     * A navigation is a GET or HEAD that a browser makes to show a page in its window: where the
     * browser sends Fetch Metadata (W3C Fetch Metadata Request Headers), {@code Sec-Fetch-Mode: navigate}
     * to a {@code Sec-Fetch-Dest: document}; otherwise not an XHR, and an {@code Accept} that names HTML,
     * is {@code *}{@code /*} alone, or is missing. A favicon, image, script or {@code fetch()} call must
     * not start a login: the provider, still signed in, would answer it with a code, and a second,
     * hidden login would run.
     */
    public static boolean isNavigation(WebExchange exchange) {
        String method = exchange.method();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        Optional<String> mode = exchange.header("Sec-Fetch-Mode");
        if (mode.isPresent()) {
            return "navigate".equalsIgnoreCase(mode.get())
                    && "document".equalsIgnoreCase(exchange.header("Sec-Fetch-Dest").orElse("document"));
        }
        if ("XMLHttpRequest".equalsIgnoreCase(exchange.header("X-Requested-With").orElse(""))) {
            return false;
        }
        // Browsers without Fetch Metadata: a page is asked for with text/html (or XHTML); curl and older
        // clients send */* alone or nothing. An image, style or script asks for its own types first.
        String accept = exchange.header("Accept").orElse("").toLowerCase(Locale.ROOT).trim();
        return accept.isEmpty() || accept.equals("*/*") || accept.contains("text/html")
                || accept.contains("application/xhtml+xml");
    }

    /** Answers a request that needs a signed-in user but cannot be redirected to log in. */
    public static void rejectUnauthenticated(WebExchange exchange) throws IOException {
        exchange.setHeader("WWW-Authenticate", "Session realm=\"pkce-filter\", error=\"login_required\"");
        exchange.setHeader("Cache-Control", "no-store");
        exchange.send(401, "application/json;charset=UTF-8", "{\"error\":\"login_required\"}");
    }
}
