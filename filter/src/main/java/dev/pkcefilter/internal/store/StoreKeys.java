package dev.pkcefilter.internal.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Names of the entries the filter keeps in the {@link ClusterStore}. The part that varies is a
 * SHA-256 of the issuer and the value, so keys have one short length, two providers never share an
 * entry, and a refresh token used as a lock name never appears in the store's keys or its logs.
 */
public final class StoreKeys {

    private final String issuer;

    public StoreKeys(String issuer) {
        this.issuer = issuer;
    }

    /** The mark of a provider session ended by a back-channel logout. */
    public String endedSession(String sid) {
        return "pkce-filter:ended-sid:" + digest(sid);
    }

    /** The mark of a subject whose every session a back-channel logout ended. */
    public String endedSubject(String subject) {
        return "pkce-filter:ended-sub:" + digest(subject);
    }

    /**
     * The mark of a subject's sessions whose ID token carried no {@code sid}, left by a logout
     * token that names a {@code sid}: such a session may be that provider session.
     */
    public String endedSubjectWithoutSession(String subject) {
        return "pkce-filter:ended-sub-nosid:" + digest(subject);
    }

    /** A logout token's {@code jti}, once used. */
    public String usedLogoutToken(String jti) {
        return "pkce-filter:used-jti:" + digest(jti);
    }

    /** The lease, then the outcome, of one refresh token's use. */
    public String refresh(String refreshToken) {
        return "pkce-filter:refresh:" + digest(refreshToken);
    }

    private String digest(String value) {
        return sha256(issuer, value);
    }

    /** @return base64url SHA-256 of the issuer, a zero byte and the value: a name no other issuer's value shares */
    public static String sha256(String issuer, String value) {
        MessageDigest sha256 = newSha256();
        sha256.update(issuer.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    // Every signed-in request names two logout marks: a clone of one instance spares the provider
    // lookup of MessageDigest.getInstance, which costs more than hashing a short value.
    private static final MessageDigest PROTOTYPE = sha256Instance();

    private static MessageDigest newSha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return sha256Instance();
        }
    }

    private static MessageDigest sha256Instance() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
