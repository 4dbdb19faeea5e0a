package dev.pkcefilter.testbed;

import java.util.Map;
import java.util.Objects;

/**
 * Makes logout tokens as the provider would send them to a back-channel logout endpoint (OIDC Back-Channel
 * Logout 1.0 §2.4), signed with the provider's key or a stranger's, and records each one as a secret so the
 * leak checks look for it too. Thread-safe.
 */
final class LogoutTokenSigner {

    private static final String TYPE = "logout+jwt";

    private final JwtSigner signer;
    private final ProviderRecorder recorder;

    LogoutTokenSigner(JwtSigner signer, ProviderRecorder recorder) {
        this.signer = signer;
        this.recorder = recorder;
    }

    /** @see EmbeddedProvider#signJwt */
    String sign(Map<String, Object> claims) {
        return signed(signer, claims);
    }

    /** @see EmbeddedProvider#signJwtWithStrangerKey */
    String signAsStranger(Map<String, Object> claims) {
        return signed(signer.impostor(), claims);
    }

    private String signed(JwtSigner by, Map<String, Object> claims) {
        String token = by.sign(Objects.requireNonNull(claims, "claims"), TYPE);
        recorder.recordSecret(token);
        return token;
    }
}
