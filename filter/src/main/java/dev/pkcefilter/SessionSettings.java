package dev.pkcefilter;

import static dev.pkcefilter.SettingsReader.BACKCHANNEL_PATH;
import static dev.pkcefilter.SettingsReader.LOGOUT_ALLOW_GET;
import static dev.pkcefilter.SettingsReader.LOGOUT_PATH;
import static dev.pkcefilter.SettingsReader.LOGOUT_REDIRECT;
import static dev.pkcefilter.SettingsReader.REFRESH_MARGIN;
import static dev.pkcefilter.SettingsReader.ROLES_CLAIM;
import static dev.pkcefilter.SettingsReader.ROLES_STRIP_PREFIX;
import static dev.pkcefilter.SettingsReader.SESSION_MAX_AGE;
import static dev.pkcefilter.SettingsReader.USERINFO;

import java.net.URI;
import java.time.Duration;

/** Reads what happens after login: logout, token refresh, session lifetime, roles, userinfo, back-channel logout. */
final class SessionSettings {

    /** The checked values of this section. */
    static final class Values {
        String logoutPath;
        boolean logoutAllowGet;
        String logoutRedirect;
        Duration refreshMargin;
        Duration maxAge;
        String rolesClaim;
        String rolesStripPrefix;
        boolean userInfo;
        String backchannelPath;
    }

    private final RawSettings in;

    SessionSettings(RawSettings in) {
        this.in = in;
    }

    Values read() {
        Values values = new Values();
        String logoutPath = in.optionalPath(LOGOUT_PATH);
        values.logoutPath = logoutPath == null ? "/oauth2/logout" : logoutPath;
        values.logoutAllowGet = in.bool(LOGOUT_ALLOW_GET, false);
        values.logoutRedirect = logoutRedirect();
        values.refreshMargin = Duration.ofSeconds(in.number(REFRESH_MARGIN, 30, 0, 600));
        long maxAge = in.number(SESSION_MAX_AGE, 0, 0, 30L * 24 * 3600);
        values.maxAge = maxAge == 0 ? null : Duration.ofSeconds(maxAge);
        values.rolesClaim = rolesClaim();
        values.rolesStripPrefix = in.value(ROLES_STRIP_PREFIX);
        values.userInfo = in.bool(USERINFO, false);
        values.backchannelPath = in.optionalPath(BACKCHANNEL_PATH);
        return values;
    }

    /** A path within the app (made absolute on the request's external origin) or an absolute http(s) URL. */
    private String logoutRedirect() {
        String value = in.value(LOGOUT_REDIRECT);
        if (value == null) {
            return "/";
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
            in.problem(LOGOUT_REDIRECT + ": expected a path within the app such as / or an absolute http(s) URL registered"
                    + " as post_logout_redirect_uri, found '" + value + "'");
        }
        return value;
    }

    private String rolesClaim() {
        String value = in.value(ROLES_CLAIM);
        if (value != null && !value.matches("[A-Za-z0-9_:$-]+(\\.[A-Za-z0-9_:$-]+)*")) {
            in.problem(ROLES_CLAIM + ": expected a claim name or dotted path such as groups or realm_access.roles, found '"
                    + value + "'");
        }
        return value;
    }
}
