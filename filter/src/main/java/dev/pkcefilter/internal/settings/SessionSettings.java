package dev.pkcefilter.internal.settings;

import static dev.pkcefilter.internal.settings.SettingKey.LOGOUT_REDIRECT;
import static dev.pkcefilter.internal.settings.SettingKey.ROLES_CLAIM;

import dev.pkcefilter.internal.login.ReturnTo;
import java.net.URI;

/** Reads the after-login settings that need more than their declared kind: where logout lands, the roles claim. */
public final class SessionSettings {

    private final RawSettings in;

    public SessionSettings(RawSettings in) {
        this.in = in;
    }

    /** A path within the app (made absolute on the request's external origin) or an absolute http(s) URL. */
    public String logoutRedirect() {
        String value = in.value(LOGOUT_REDIRECT);
        if (value == null) {
            return null;
        }
        boolean path = value.startsWith("/") && !value.startsWith("//") && ReturnTo.sanitize(value).equals(value);
        boolean url = false;
        try {
            URI uri = URI.create(value);
            url = ("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (!path && !url) {
            in.problem(LOGOUT_REDIRECT.key() + ": expected a path within the app such as / or an absolute http(s) URL registered"
                    + " as post_logout_redirect_uri, found '" + value + "'");
        }
        return value;
    }

    public String rolesClaim() {
        String value = in.value(ROLES_CLAIM);
        if (value != null && !value.matches("[A-Za-z0-9_:$-]+(\\.[A-Za-z0-9_:$-]+)*")) {
            in.problem(ROLES_CLAIM.key() + ": expected a claim name or dotted path such as groups or realm_access.roles, found '"
                    + value + "'");
        }
        return value;
    }
}
