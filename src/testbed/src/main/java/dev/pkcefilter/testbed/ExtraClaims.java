package dev.pkcefilter.testbed;

import java.util.Map;
import java.util.Objects;

/**
 * Claims a test asked the provider to add beyond the standard profile ones: to ID tokens (roles, groups) and
 * to userinfo answers only (to tell that the app called userinfo, or to make userinfo disagree on {@code sub}).
 *
 * @param idToken added to every ID token; unmodifiable
 * @param userInfo added to (or replacing claims in) every userinfo answer; unmodifiable
 */
record ExtraClaims(Map<String, Object> idToken, Map<String, Object> userInfo) {

    ExtraClaims {
        idToken = Map.copyOf(Objects.requireNonNull(idToken, "idToken"));
        userInfo = Map.copyOf(Objects.requireNonNull(userInfo, "userInfo"));
    }
}
