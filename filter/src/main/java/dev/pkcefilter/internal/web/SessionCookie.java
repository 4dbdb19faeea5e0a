package dev.pkcefilter.internal.web;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds the attributes a login needs to a {@code Set-Cookie} value of the session cookie, keeping
 * those the container or the app already set.
 */
public final class SessionCookie {

    private static final Pattern SECURE = Pattern.compile(";\\s*secure\\s*(;|$)");
    private static final Pattern HTTP_ONLY = Pattern.compile(";\\s*httponly\\s*(;|$)");
    private static final Pattern SAME_SITE = Pattern.compile(";\\s*samesite\\s*=");
    private static final Pattern PATH = Pattern.compile(";\\s*path\\s*=[^;]*", Pattern.CASE_INSENSITIVE);

    private SessionCookie() {
    }

    /**
     * @param setCookie a {@code Set-Cookie} header value; not null
     * @param secure whether to add {@code Secure}
     * @param path the path of the app's root as the browser sees it ({@code /} for the root), which
     *     becomes the cookie's {@code Path}; null keeps the container's
     * @return the value with {@code HttpOnly} (when missing: no script needs the session id, and a
     *     script that can read it can steal the signed-in session), {@code Secure} (when asked and missing), {@code SameSite=Lax} (when no
     *     SameSite is set: Lax lets the cookie come back with the provider's top-level GET redirect) and
     *     the external path: behind a proxy that maps {@code /apps/shop/} to an app at the root, the
     *     container says {@code Path=/}, and two apps on one host would overwrite each other's cookie
     */
    public static String harden(String setCookie, boolean secure, String path) {
        String withPath = setCookie;
        if (path != null) {
            Matcher existing = PATH.matcher(setCookie);
            withPath = existing.find() ? setCookie.substring(0, existing.start()) + "; Path=" + path
                    + setCookie.substring(existing.end()) : setCookie + "; Path=" + path;
        }
        String lower = withPath.toLowerCase(Locale.ROOT);
        StringBuilder value = new StringBuilder(withPath);
        if (!HTTP_ONLY.matcher(lower).find()) {
            value.append("; HttpOnly");
        }
        if (secure && !SECURE.matcher(lower).find()) {
            value.append("; Secure");
        }
        if (!SAME_SITE.matcher(lower).find()) {
            value.append("; SameSite=Lax");
        }
        return value.toString();
    }
}
