package dev.pkcefilter.internal.jwt;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JWS algorithms the client is registered for ({@code id-token.algorithms}), which every ID and
 * logout token must be signed with (OIDC Core §3.1.3.7 step 7, Back-Channel Logout 1.0 §2.6): a token
 * signed with another is refused before its key is looked up, even when the provider publishes a key
 * for it, with a text that names both algorithms.
 */
public final class RegisteredAlgorithms {

    /** Every JWS algorithm name Nimbus knows; a header naming anything else is shown as unknown, never echoed. */
    private static final Set<String> KNOWN_NAMES;

    static {
        Set<String> names = new LinkedHashSet<>();
        for (Set<JWSAlgorithm> family : Arrays.asList(JWSAlgorithm.Family.SIGNATURE, JWSAlgorithm.Family.HMAC_SHA)) {
            for (JWSAlgorithm algorithm : family) {
                names.add(algorithm.getName());
            }
        }
        names.add(Algorithm.NONE.getName());
        KNOWN_NAMES = Collections.unmodifiableSet(names);
    }

    private final Set<JWSAlgorithm> algorithms;
    private final String shown;

    /** @param algorithms the registered algorithms; not empty */
    public RegisteredAlgorithms(Set<JWSAlgorithm> algorithms) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is needed");
        }
        this.algorithms = Collections.unmodifiableSet(new LinkedHashSet<>(algorithms));
        List<String> names = new ArrayList<>();
        for (JWSAlgorithm algorithm : algorithms) {
            names.add(algorithm.getName());
        }
        // Sorted, so that the text does not depend on the order of the set it was given.
        Collections.sort(names);
        this.shown = String.join(", ", names);
    }

    /** @return the algorithms, for Nimbus's key selector */
    public Set<JWSAlgorithm> asSet() {
        return algorithms;
    }

    /**
     * @param what how the token is named in the text, e.g. "the ID token"
     * @return why the token is refused, naming its algorithm and the registered ones; empty when it
     *     is signed with a registered algorithm or is not a signed JWT (the processor refuses those)
     */
    public Optional<String> refusal(JWT token, String what) {
        if (!(token instanceof SignedJWT)) {
            return Optional.empty();
        }
        JWSAlgorithm used = ((SignedJWT) token).getHeader().getAlgorithm();
        if (algorithms.contains(used)) {
            return Optional.empty();
        }
        String name = KNOWN_NAMES.contains(used.getName()) ? used.getName() : "an unknown algorithm";
        return Optional.of(what + " is signed with " + name + ", but the client is registered for " + shown
                + " (id-token.algorithms)");
    }
}
