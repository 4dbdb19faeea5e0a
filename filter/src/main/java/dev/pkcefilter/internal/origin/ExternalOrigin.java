package dev.pkcefilter.internal.origin;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Where the browser sees the app: scheme, host, port and the path of the app's root (a proxy's
 * prefix plus the context path). The redirect URI and the return-to path are built from it.
 */
public final class ExternalOrigin {

    private final String scheme;
    private final String host;
    private final int port;
    private final String appPath;

    public ExternalOrigin(String scheme, String host, int port, String appPath) {
        this.scheme = scheme.toLowerCase(Locale.ROOT);
        this.host = host.toLowerCase(Locale.ROOT);
        this.port = port;
        this.appPath = appPath;
    }

    public String scheme() { return scheme; }
    public String host() { return host; }
    public int port() { return port; }

    /** @return the path of the app's root as the browser sees it, empty or starting with / and not ending with / */
    public String appPath() { return appPath; }

    public boolean isDefaultPort() {
        return port <= 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
    }

    /** @return {@code scheme://host[:port]}, the port only when it is not the scheme's default */
    public String origin() {
        String shownHost = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + shownHost + (isDefaultPort() ? "" : ":" + port);
    }

    /** @return the absolute URL of a path within the app */
    public String url(String pathWithinApp) {
        return origin() + appPath + pathWithinApp;
    }

    /** @return whether this is a loopback host: {@code localhost}, 127.0.0.0/8 or ::1, by its text alone (no DNS) */
    public boolean isLoopback() {
        return isLoopback(host);
    }

    /**
     * The one loopback test, for the issuer in the settings and for request hosts. Only {@code localhost} and
     * literal addresses count, and they are read without a DNS lookup, which could lie, and which a forged
     * {@code Host} header must never trigger: a strict dotted quad, or an IPv6 literal (the JDK parses those
     * without asking DNS).
     *
     * @param host a host name or IP literal, IPv6 with or without brackets; may be null (then false)
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if ("localhost".equalsIgnoreCase(bare)) {
            return true;
        }
        if (!bare.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return origin() + appPath;
    }
}
