package dev.pkcefilter.internal.login;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The step-up rule ({@code step-up.*}): which paths need a stronger sign-in, whether a signed-in user's login
 * meets it, the authentication request parameters that ask for it ({@code acr_values}, {@code max_age}), and
 * the checks of the ID token that answers (OIDC Core 3.1.2.1, 3.1.3.7).
 *
 * <p>Paths are matched as the app behind the filter may serve them, not as spelled: repeated slashes
 * count as one and case is ignored (a framework may collapse the one and ignore the other, and a
 * rule that covers more only asks for more). A request whose raw path the container may have left
 * ambiguous ({@link PlainPath#isAmbiguous}) and which, read plainly, leads to a step-up path is refused
 * ({@link #refuses}): no reading of it may reach the page without the step-up.
 */
public final class StepUp {

    private final List<String> exactPaths = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private final List<String> acrValues;
    /** Null: no requirement on the time since authentication. */
    private final Duration maxAge;
    private final Duration clockSkew;
    private final Clock clock;
    /** {@code acr_values} and {@code max_age}, encoded once (empty when step-up is off). */
    private final String requestParameters;

    public StepUp(Settings settings) {
        for (String spelled : settings.stepUpPaths()) {
            String path = spelled.toLowerCase(Locale.ROOT);
            if (path.endsWith("/*")) {
                // "/admin/*" covers /admin itself and everything below it.
                prefixes.add(path.substring(0, path.length() - 1));
                exactPaths.add(path.substring(0, path.length() - 2));
            } else {
                exactPaths.add(path);
            }
        }
        this.acrValues = settings.stepUpAcrValues();
        this.maxAge = settings.stepUpMaxAge();
        this.clockSkew = settings.clockSkew();
        this.clock = settings.clock();
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (!acrValues.isEmpty()) {
            parameters.put("acr_values", Collections.singletonList(String.join(" ", acrValues)));
        }
        if (maxAge != null) {
            parameters.put("max_age", Collections.singletonList(Long.toString(maxAge.getSeconds())));
        }
        this.requestParameters = URLUtils.serializeParameters(parameters);
    }

    /** @return whether any path needs a step-up: when not, nothing else here is asked */
    public boolean isOn() {
        return !exactPaths.isEmpty();
    }

    /**
     * @param pathWithinApp the request's path after the context path
     * @return whether the path needs the stronger sign-in
     */
    public boolean applies(String pathWithinApp) {
        String path = collapsed(pathWithinApp).toLowerCase(Locale.ROOT);
        // An exact path also covers itself with a trailing slash, which many apps serve alike.
        if (exactPaths.contains(path) || path.endsWith("/")
                && exactPaths.contains(path.substring(0, path.length() - 1))) {
            return true;
        }
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param requestUri the request URI as sent (not decoded), context path included
     * @param contextPath the context path
     * @return whether the request must be refused: its raw path is ambiguous and, read plainly (encoded
     *     separators and dots decoded, dot segments resolved, slashes collapsed), it leads to a step-up path
     */
    public boolean refuses(String requestUri, String contextPath) {
        return isOn() && PlainPath.isAmbiguous(requestUri)
                && applies(PlainPath.of(requestUri.substring(Math.min(contextPath.length(), requestUri.length()))));
    }

    /** Repeated slashes as one; the same instance when there are none, as on almost every request. */
    private static String collapsed(String path) {
        return path.indexOf("//") < 0 ? path : path.replaceAll("/{2,}", "/");
    }

    /**
     * @param user a signed-in user
     * @return whether their login meets the rule: an {@code acr} from the list, an {@code auth_time} recent enough
     *     (both as the ID token had them: the callback takes neither from userinfo)
     */
    public boolean isMetBy(SignedInUser user) {
        Map<String, Object> claims = user.claims();
        if (!acrValues.isEmpty() && !acrValues.contains(claims.get("acr"))) {
            return false;
        }
        if (maxAge == null) {
            return true;
        }
        Object authTime = claims.get("auth_time");
        return authTime instanceof Number && isRecent(((Number) authTime).longValue() * 1000);
    }

    /** @return {@code acr_values} and {@code max_age} as query parameters, without a leading {@code &} */
    public String requestParameters() {
        return requestParameters;
    }

    /** @return the values of RFC 9470's challenge, for a request that cannot be sent to sign in again */
    public String challengeParameters() {
        StringBuilder challenge = new StringBuilder();
        if (!acrValues.isEmpty()) {
            challenge.append(", acr_values=\"").append(String.join(" ", acrValues)).append('"');
        }
        if (maxAge != null) {
            challenge.append(", max_age=").append(maxAge.getSeconds());
        }
        return challenge.toString();
    }

    /**
     * The ID token of a login that asked for the step-up must show it: OIDC Core 3.1.2.1 lets a provider
     * ignore {@code acr_values}, so the filter checks the answer rather than trusting the request.
     *
     * @throws LoginFailure when the {@code acr} is not one asked for, or {@code auth_time} is missing or too old
     */
    public void check(IDTokenClaimsSet claims) throws LoginFailure {
        if (!acrValues.isEmpty()) {
            ACR acr = claims.getACR();
            if (acr == null || !acrValues.contains(acr.getValue())) {
                throw new LoginFailure(FailureReason.STEP_UP_NOT_MET, acr == null ? "the step-up's ID token has no acr"
                        : "the step-up's ID token has an acr that is not in step-up.acr-values");
            }
        }
        if (maxAge != null) {
            Date authTime = claims.getAuthenticationTime();
            if (authTime == null) {
                // OIDC Core 3.1.2.1: a provider must send auth_time when max_age was asked for.
                throw new LoginFailure(FailureReason.STEP_UP_NOT_MET, "the step-up's ID token has no auth_time");
            }
            if (!isRecent(authTime.getTime())) {
                throw new LoginFailure(FailureReason.STEP_UP_NOT_MET, "the step-up's ID token has an auth_time older than"
                        + " step-up.max-age-seconds, or in the future");
            }
        }
    }

    /** Within max_age (and the skew) of now, and not in the future beyond the skew: a provider clock ahead must not stretch it. */
    private boolean isRecent(long authTimeMillis) {
        long now = clock.millis();
        return now - authTimeMillis <= maxAge.plus(clockSkew).toMillis() && authTimeMillis - now <= clockSkew.toMillis();
    }
}
