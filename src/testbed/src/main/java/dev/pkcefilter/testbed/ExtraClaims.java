package dev.pkcefilter.testbed;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Claims a test asked the provider to add beyond the standard profile ones: to ID tokens (roles, groups) and
 * to userinfo answers only (to tell that the app called userinfo, or to make userinfo disagree on {@code sub}).
 *
 * @param idToken added to every ID token; unmodifiable
 * @param userInfo added to (or replacing claims in) every userinfo answer; unmodifiable
 * @param acrValues the authentication context classes the provider can satisfy, in its order of preference: an
 *     ID token whose authorization request asked for {@code acr_values} gets the first one asked for that is here
 */
record ExtraClaims(Map<String, Object> idToken, Map<String, Object> userInfo, List<String> acrValues) {

    ExtraClaims {
        idToken = Map.copyOf(Objects.requireNonNull(idToken, "idToken"));
        userInfo = Map.copyOf(Objects.requireNonNull(userInfo, "userInfo"));
        acrValues = List.copyOf(Objects.requireNonNull(acrValues, "acrValues"));
    }
}
