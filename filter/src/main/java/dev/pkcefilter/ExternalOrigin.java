package dev.pkcefilter;

import java.util.Locale;

/**
 * Where the browser sees the app: scheme, host, port and the path of the app's root (a proxy's
 * prefix plus the context path). The redirect URI and the return-to path are built from it.
 */
final class ExternalOrigin {

    private final String scheme;
    private final String host;
    private final int port;
    private final String appPath;

    ExternalOrigin(String scheme, String host, int port, String appPath) {
        this.scheme = scheme.toLowerCase(Locale.ROOT);
        this.host = host.toLowerCase(Locale.ROOT);
        this.port = port;
        this.appPath = appPath;
    }

    String scheme() { return scheme; }
    String host() { return host; }
    int port() { return port; }

    /** @return the path of the app's root as the browser sees it, empty or starting with / and not ending with / */
    String appPath() { return appPath; }

    boolean isDefaultPort() {
        return port <= 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
    }

    /** @return {@code scheme://host[:port]}, the port only when it is not the scheme's default */
    String origin() {
        String shownHost = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + shownHost + (isDefaultPort() ? "" : ":" + port);
    }

    /** @return the absolute URL of a path within the app */
    String url(String pathWithinApp) {
        return origin() + appPath + pathWithinApp;
    }

    @Override
    public String toString() {
        return origin() + appPath;
    }
}
