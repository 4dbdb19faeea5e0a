package dev.pkcefilter;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Adds the attributes a login needs to a {@code Set-Cookie} value of the session cookie, keeping
 * those the container or the app already set.
 *
 * <p>Adapter SPI: public only because the adapters live in their own packages; not for apps.
 */
public final class SessionCookie {

    private static final Pattern SECURE = Pattern.compile(";\\s*secure\\s*(;|$)");
    private static final Pattern SAME_SITE = Pattern.compile(";\\s*samesite\\s*=");

    private SessionCookie() {
    }

    /**
     * @param setCookie a {@code Set-Cookie} header value; not null
     * @param secure whether to add {@code Secure}
     * @return the value with {@code Secure} (when asked and missing) and {@code SameSite=Lax} (when
     *     no SameSite is set: Lax lets the cookie come back with the provider's top-level GET redirect)
     */
    public static String harden(String setCookie, boolean secure) {
        String lower = setCookie.toLowerCase(Locale.ROOT);
        StringBuilder value = new StringBuilder(setCookie);
        if (secure && !SECURE.matcher(lower).find()) {
            value.append("; Secure");
        }
        if (!SAME_SITE.matcher(lower).find()) {
            value.append("; SameSite=Lax");
        }
        return value.toString();
    }
}
