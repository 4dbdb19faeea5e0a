package dev.pkcefilter.internal.login;

import dev.pkcefilter.internal.dpop.DpopKey;
import java.nio.charset.StandardCharsets;

/**
 * One started login, waiting for its callback: the values the callback is checked against and the
 * PKCE verifier for the one token call (RFC 7636 §4.1). Kept in the session only, never sent to the
 * browser ({@link PendingLoginStore} writes its fields when the session is serialized).
 * {@link #toString()} shows no secret.
 *
 * <p>Small on purpose, as every open tab holds one: the nonce and verifier are kept as ASCII bytes
 * (half a String's size), and callers pass one shared redirect URI instance.
 */
public final class PendingLogin {

    private final String state;
    /** The provider the login was sent to: only its callback, {@code iss} and ID token may finish it. */
    private final String provider;
    private final byte[] nonce;
    private final byte[] codeVerifier;
    private final String redirectUri;
    private final String returnTo;
    private final long createdAtMillis;
    /** Whether the login asked for the step-up ({@code acr_values}, {@code max_age}), which its ID token must show. */
    private final boolean stepUp;
    /**
     * For a form_post login: the value of the cookie that binds its response to this browser (see
     * {@link FormPostBinding}); null for a query login.
     */
    private final byte[] formPostBinding;
    /** The DPoP key (private JWK) the login's code is bound to ({@code dpop_jkt}), or null without DPoP. */
    private final String proofKey;

    public PendingLogin(String state, String provider, String nonce, String codeVerifier, String redirectUri, String returnTo, long createdAtMillis,
            boolean stepUp) {
        this(state, provider, nonce, codeVerifier, redirectUri, returnTo, createdAtMillis, stepUp, null, null);
    }

    /**
     * @param formPostBinding the binding cookie's value of a form_post login; null for a query login
     * @param proofKey the DPoP key ({@link DpopKey#toJson()}) of a login with DPoP; null without
     */
    public PendingLogin(String state, String provider, String nonce, String codeVerifier, String redirectUri, String returnTo,
            long createdAtMillis, boolean stepUp, String formPostBinding, String proofKey) {
        this.state = state;
        this.provider = provider;
        this.nonce = nonce.getBytes(StandardCharsets.US_ASCII);
        this.codeVerifier = codeVerifier.getBytes(StandardCharsets.US_ASCII);
        this.redirectUri = redirectUri;
        this.returnTo = returnTo;
        this.createdAtMillis = createdAtMillis;
        this.stepUp = stepUp;
        this.formPostBinding = formPostBinding == null ? null : formPostBinding.getBytes(StandardCharsets.US_ASCII);
        this.proofKey = proofKey;
    }

    public String state() { return state; }
    /** @return the name of the provider the login was sent to ({@code default} or {@code provider.<name>}) */
    public String provider() { return provider; }
    public String nonce() { return new String(nonce, StandardCharsets.US_ASCII); }
    public String codeVerifier() { return new String(codeVerifier, StandardCharsets.US_ASCII); }
    public String redirectUri() { return redirectUri; }
    public String returnTo() { return returnTo; }
    public long createdAtMillis() { return createdAtMillis; }
    public boolean stepUp() { return stepUp; }
    /** @return the DPoP key of a login with DPoP, or null */
    public DpopKey proofKey() { return proofKey == null ? null : DpopKey.fromJson(proofKey); }
    /** @return the DPoP key as {@link DpopKey#toJson()} wrote it, or null; for the session's serialized form only */
    public String proofKeyJson() { return proofKey; }
    /** @return whether the login asked for {@code response_mode=form_post} */
    public boolean formPost() { return formPostBinding != null; }
    /** @return the binding cookie's value of a form_post login, or null */
    public String formPostBinding() {
        return formPostBinding == null ? null : new String(formPostBinding, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "PendingLogin[provider=" + provider + ", redirectUri=" + redirectUri + ", createdAtMillis=" + createdAtMillis + ", stepUp=" + stepUp + ", formPost=" + formPost() + ", dpop=" + (proofKey != null) + "]";
    }
}
