package dev.pkcefilter.internal.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The client's private_key_jwt keys: the current key, which signs every assertion, and optionally
 * the next one, which is only published so that a provider fetching our JWK set already knows it
 * before the switch. Checked once at startup: the algorithm must fit the key (RS/PS need RSA of at
 * least 2048 bits, ES256 P-256, ES384 P-384). {@link #toString()} shows key ids only.
 */
public final class SigningKeys {

    private final JWK current;
    private final JWSAlgorithm algorithm;
    private final JWK next;

    private SigningKeys(JWK current, JWSAlgorithm algorithm, JWK next) {
        this.current = current;
        this.algorithm = algorithm;
        this.next = next;
    }

    /**
     * @param algorithmName the configured algorithm, or null to follow the key type
     * @throws IllegalArgumentException when the algorithm does not fit a key; the message names the key
     */
    public static SigningKeys of(JWK current, String algorithmName, JWK next) {
        JWSAlgorithm algorithm = algorithmName == null ? defaultAlgorithm(current) : JWSAlgorithm.parse(algorithmName);
        checkFits(current, algorithm, "client.key");
        if (next != null) {
            checkFits(next, algorithmName == null ? defaultAlgorithm(next) : algorithm, "client.next-key");
        }
        return new SigningKeys(current, algorithm, next);
    }

    public static final List<String> ALGORITHMS = Collections.unmodifiableList(java.util.Arrays.asList(
            "RS256", "PS256", "ES256", "ES384", "PS384"));

    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    public String keyId() {
        return current.getKeyID();
    }

    public PrivateKey privateKey() {
        try {
            return current instanceof RSAKey ? ((RSAKey) current).toPrivateKey() : ((ECKey) current).toPrivateKey();
        } catch (JOSEException e) {
            throw new IllegalStateException("the client key cannot be used (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** @return whether any key of these (current or next) is also one of the other's, by RFC 7638 thumbprint */
    public boolean sharesAKeyWith(SigningKeys other) {
        for (JWK mine : new JWK[] {current, next}) {
            for (JWK theirs : new JWK[] {other.current, other.next}) {
                if (mine != null && theirs != null && thumbprint(mine).equals(thumbprint(theirs))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String thumbprint(JWK key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            // Keys read at startup all have a thumbprint; one that does not is shared with nothing.
            return "(no thumbprint) " + System.identityHashCode(key);
        }
    }

    /** @return the public parts of the current and the next key, for the JWKS endpoint */
    public JWKSet publicKeys() {
        List<JWK> keys = new ArrayList<>();
        keys.add(current.toPublicJWK());
        if (next != null) {
            keys.add(next.toPublicJWK());
        }
        return new JWKSet(keys);
    }

    private static JWSAlgorithm defaultAlgorithm(JWK key) {
        if (key instanceof RSAKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECKey) {
            Curve curve = ((ECKey) key).getCurve();
            return Curve.P_384.equals(curve) ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
        }
        return JWSAlgorithm.RS256;
    }

    private static void checkFits(JWK key, JWSAlgorithm algorithm, String setting) {
        String name = algorithm.getName();
        if (!ALGORITHMS.contains(name)) {
            throw new IllegalArgumentException("expected one of " + ALGORITHMS + " for client.key.algorithm, found " + name);
        }
        if (name.startsWith("RS") || name.startsWith("PS")) {
            if (!(key instanceof RSAKey)) {
                throw new IllegalArgumentException("expected an RSA key for " + name + " in " + setting + ", found a "
                        + key.getKeyType() + " key (kid " + key.getKeyID() + ")");
            }
            if (key.size() < 2048) {
                throw new IllegalArgumentException("expected an RSA key of at least 2048 bits in " + setting + ", found "
                        + key.size() + " bits (kid " + key.getKeyID() + ")");
            }
            return;
        }
        Curve wanted = "ES384".equals(name) ? Curve.P_384 : Curve.P_256;
        if (!(key instanceof ECKey) || !wanted.equals(((ECKey) key).getCurve())) {
            throw new IllegalArgumentException("expected an EC " + wanted + " key for " + name + " in " + setting + ", found "
                    + (key instanceof ECKey ? "curve " + ((ECKey) key).getCurve() : "a " + key.getKeyType() + " key")
                    + " (kid " + key.getKeyID() + ")");
        }
    }

    @Override
    public String toString() {
        return "SigningKeys[current=" + current.getKeyID() + ", algorithm=" + algorithm
                + (next == null ? "" : ", next=" + next.getKeyID()) + "]";
    }
}
