package dev.pkcefilter.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.JWTProcessor;

/**
 * Why a token's verifier asks the provider's keys, passed to them as Nimbus's {@link SecurityContext}.
 * The keys refetch the provider's set for a key they do not hold, and each kind of token has its
 * own budget for that: an ID token comes from the token endpoint over TLS, so only the provider can
 * make it ask, while anyone can post a logout token to the back-channel endpoint. Forged logout
 * tokens therefore cannot use up the refetches a key rotation needs for logins.
 */
public enum KeyLookup implements SecurityContext {

    /** An ID token from the token endpoint. */
    ID_TOKEN(false, false),
    /** An ID token without {@code kid} that no cached key verified: the provider may have rotated its keys. */
    ID_TOKEN_AFTER_FAILED_SIGNATURE(false, true),
    /** A logout token posted to the back-channel endpoint. */
    LOGOUT_TOKEN(true, false),
    /** A logout token without {@code kid} that no cached key verified. */
    LOGOUT_TOKEN_AFTER_FAILED_SIGNATURE(true, true);

    private final boolean unauthenticated;
    private final boolean afterFailedSignature;

    KeyLookup(boolean unauthenticated, boolean afterFailedSignature) {
        this.unauthenticated = unauthenticated;
        this.afterFailedSignature = afterFailedSignature;
    }

    /** @return whether anyone, not only the provider, can have sent the token */
    public boolean unauthenticated() {
        return unauthenticated;
    }

    /** @return whether the cached keys were tried and none verified, so only a fresh set can help */
    public boolean afterFailedSignature() {
        return afterFailedSignature;
    }

    /** @return the lookup for a second try of the same kind of token, after no cached key verified it */
    public KeyLookup afterFailure() {
        return unauthenticated ? LOGOUT_TOKEN_AFTER_FAILED_SIGNATURE : ID_TOKEN_AFTER_FAILED_SIGNATURE;
    }

    /**
     * Processes a token with this lookup, and once more after a refetch when it has no {@code kid}
     * and no cached key verified it: without a {@code kid} (OIDC Core §10.1 allows it when there is
     * one key) a rotated key looks like a bad signature, and only a fresh set tells them apart.
     */
    public JWTClaimsSet process(JWTProcessor<SecurityContext> processor, JWT token) throws BadJOSEException, JOSEException {
        try {
            return processor.process(token, this);
        } catch (BadJWSException failedSignature) {
            if (afterFailedSignature || !(token instanceof SignedJWT) || ((SignedJWT) token).getHeader().getKeyID() != null) {
                throw failedSignature;
            }
            return processor.process(token, afterFailure());
        }
    }

    /** @return the lookup to assume when a caller names none: the stricter budget */
    public static KeyLookup of(SecurityContext context) {
        return context instanceof KeyLookup ? (KeyLookup) context : LOGOUT_TOKEN;
    }
}
