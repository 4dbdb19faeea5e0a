package dev.pkcefilter;

/**
 * The callback URL of this app as the browser reaches it: scheme, host and port of the request,
 * the context path and the callback path. Computed once per login and stored with it, so that the
 * token call sends exactly the value the authorization request sent (RFC 6749 §4.1.3).
 */
final class RedirectUri {

    private RedirectUri() {
    }

    static String forRequest(WebExchange exchange, String callbackPath) {
        return origin(exchange) + exchange.contextPath() + callbackPath;
    }

    static String origin(WebExchange exchange) {
        String scheme = exchange.scheme().toLowerCase(java.util.Locale.ROOT);
        String host = exchange.host();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = exchange.port();
        boolean defaultPort = ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80) || port <= 0;
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
