package dev.pkcefilter.testbed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * PKCE as a client computes it, written from RFC 7636 without Nimbus, so that the testbed's own
 * tests check the provider independently of the library the filter uses.
 */
final class ClientPkce {

    private ClientPkce() {
    }

    /** RFC 7636 §4.1: 32 random octets, base64url without padding, 43 characters. */
    static String newVerifier() {
        byte[] octets = new byte[32];
        new SecureRandom().nextBytes(octets);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(octets);
    }

    /** RFC 7636 §4.2: S256. */
    static String challenge(String verifier) throws NoSuchAlgorithmException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    }
}
