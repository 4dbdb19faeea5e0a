package dev.pkcefilter.testbed;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request to the provider's token endpoint, as it arrived.
 *
 * <p>Holds secrets (client secret or assertion, code verifier, code) on purpose: tests inspect them. Never log one.
 *
 * @param formParameters the form parameters, in arrival order; unmodifiable, never null
 * @param authorizationScheme the scheme of the {@code Authorization} header ({@code "Basic"}), without its
 *     credentials; empty when the header was absent
 */
public record RecordedTokenRequest(Map<String, List<String>> formParameters, Optional<String> authorizationScheme) {

    /** Copies the parameters; rejects nulls. */
    public RecordedTokenRequest {
        formParameters = Map.copyOf(Objects.requireNonNull(formParameters, "formParameters"));
        Objects.requireNonNull(authorizationScheme, "authorizationScheme");
    }

    /**
     * @param name a form parameter name; not null
     * @return the parameter's first value, or empty when it was not sent
     */
    public Optional<String> parameter(String name) {
        List<String> values = formParameters.getOrDefault(Objects.requireNonNull(name, "name"), List.of());
        return values.stream().findFirst();
    }

    /** Shows parameter names only: the values are secrets. */
    @Override
    public String toString() {
        return "RecordedTokenRequest[parameters=" + formParameters.keySet() + ", scheme="
                + authorizationScheme.orElse("none") + "]";
    }
}
