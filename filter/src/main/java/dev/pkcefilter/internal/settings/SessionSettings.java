package dev.pkcefilter.internal.settings;

import static dev.pkcefilter.internal.settings.SettingKey.LOGOUT_REDIRECT;
import static dev.pkcefilter.internal.settings.SettingKey.ROLES_CLAIM;
import static dev.pkcefilter.internal.settings.SettingKey.STEP_UP_ACR_VALUES;
import static dev.pkcefilter.internal.settings.SettingKey.STEP_UP_MAX_AGE_SECONDS;
import static dev.pkcefilter.internal.settings.SettingKey.STEP_UP_PATHS;

import dev.pkcefilter.internal.web.ReturnTo;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Reads the after-login settings that need more than their declared kind: where logout lands, the roles claim,
 * and the step-up rule.
 */
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
            in.problem(LOGOUT_REDIRECT.key() + ": expected a path within the app such as / or an absolute http(s) URL, found '"
                    + value + "'");
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

    /** Exact paths within the app, or prefixes ending in {@code /*}. */
    public List<String> stepUpPaths() {
        List<String> paths = in.list(STEP_UP_PATHS);
        for (String path : paths) {
            String exact = path.endsWith("/*") ? path.substring(0, path.length() - 2) : path;
            // Non-empty segments (no "//", no trailing slash), no path parameters, no dot segments: the rule is
            // matched against the path as the container maps it, which has none of them. "/*" covers the whole app.
            if (!path.equals("/*") && (!exact.matches("(/[A-Za-z0-9._~!$&'()+,=:@-]+)+") || exact.matches(".*/\\.\\.?(/.*)?"))) {
                in.problem(STEP_UP_PATHS.key() + ": expected paths within the app such as /admin/* or /payments/transfer"
                        + " (a prefix ends in /*), found '" + path + "'");
            }
        }
        return paths;
    }

    /** Authentication context classes: tokens a quoted header value can carry (RFC 9470's challenge). */
    public List<String> stepUpAcrValues() {
        List<String> values = in.list(STEP_UP_ACR_VALUES);
        for (String value : values) {
            if (!value.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
                in.problem(STEP_UP_ACR_VALUES.key() + ": expected acr values such as urn:example:mfa (printable, no quotes"
                        + " or backslashes), found '" + value + "'");
            }
        }
        return values;
    }

    /** A step-up rule needs its paths and at least one requirement; a requirement without paths would do nothing. */
    public void requireCompleteStepUp(List<String> paths, List<String> acrValues, Duration maxAge) {
        // A wrong max-age counts as given (it has its own problem already); a blank value does not, or a blank
        // ${env:...} would open the paths to every signed-in user.
        boolean requirement = !acrValues.isEmpty() || maxAge != null || in.value(STEP_UP_MAX_AGE_SECONDS) != null;
        if (!paths.isEmpty() && !requirement) {
            in.problem(STEP_UP_PATHS.key() + ": expected " + STEP_UP_ACR_VALUES.key() + " or " + STEP_UP_MAX_AGE_SECONDS.key()
                    + " beside it, found neither");
        } else if (paths.isEmpty() && requirement && in.value(STEP_UP_PATHS) == null) {
            in.problem((acrValues.isEmpty() ? STEP_UP_MAX_AGE_SECONDS : STEP_UP_ACR_VALUES).key() + ": expected "
                    + STEP_UP_PATHS.key() + " beside it (the paths it protects), found none");
        }
    }
}
