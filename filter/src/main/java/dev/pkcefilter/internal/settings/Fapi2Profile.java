package dev.pkcefilter.internal.settings;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import dev.pkcefilter.internal.credentials.SigningKeys;
import dev.pkcefilter.internal.tls.ClientCertificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code profile=fapi2-security}: the FAPI 2.0 Security Profile's client requirements, checked once at startup,
 * each unmet one named with its key. The profile pushes every authorization request (PAR), needs
 * {@code private_key_jwt} or mutual TLS client authentication and DPoP-bound or certificate-bound tokens, and
 * accepts PS256, ES256 and EdDSA signatures only (FAPI 2.0 Security Profile §5.3, §5.4). PKCE S256 and state/nonce
 * checks hold anyway. What the provider must offer (PAR, RFC 9207 {@code iss}, DPoP or certificate-bound tokens, the
 * client's method, S256) is checked against its metadata at discovery.
 */
public final class Fapi2Profile {

    /** The value of {@code profile} that turns the profile on. */
    public static final String NAME = "fapi2-security";
    /** FAPI 2.0 Security Profile §5.4.1. */
    static final int MIN_RSA_BITS = 2048;
    /** The signature algorithms the profile allows, for ID tokens and client assertions alike. */
    public static final List<String> ALGORITHMS = Collections.unmodifiableList(Arrays.asList("PS256", "ES256", "EdDSA", "Ed25519"));

    private Fapi2Profile() {
    }

    /** @return whether the profile is on; a value other than {@value #NAME} is a problem */
    static boolean read(RawSettings in) {
        String value = in.value(SettingKey.PROFILE);
        if (value != null && !NAME.equals(value)) {
            in.problem(SettingKey.PROFILE.key() + ": expected " + NAME + " or nothing, found '" + value + "'");
        }
        return NAME.equals(value);
    }

    /**
     * @param configured the ID token algorithms from {@code id-token.algorithms}
     * @return those the profile allows, or, when the key is not set, the profile's own (its list
     *     replaces OIDC's default RS256, which it does not allow); an algorithm given explicitly that
     *     it does not allow is a problem
     */
    static Set<String> idTokenAlgorithms(RawSettings in, Set<String> configured) {
        if (!in.has(SettingKey.ID_TOKEN_ALGORITHMS)) {
            // Ed25519 is the same JWS algorithm as EdDSA by its RFC 9864 name: one is enough here.
            return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("PS256", "ES256", "EdDSA")));
        }
        Set<String> allowed = new LinkedHashSet<>(configured);
        allowed.retainAll(ALGORITHMS);
        if (in.has(SettingKey.ID_TOKEN_ALGORITHMS) && !allowed.equals(configured)) {
            Set<String> refused = new LinkedHashSet<>(configured);
            refused.removeAll(ALGORITHMS);
            in.problem(SettingKey.ID_TOKEN_ALGORITHMS.key() + ": expected only " + ALGORITHMS + " with " + SettingKey.PROFILE.key()
                    + "=" + NAME + ", found " + refused);
        }
        return Collections.unmodifiableSet(allowed);
    }

    /**
     * Records each of the client's settings that falls short of the profile.
     *
     * @param certificate whether a client certificate is set ({@code client.tls.certificate}): its tokens are then
     *     certificate-bound (RFC 8705 §3) if the provider announces it, which discovery checks
     * @param clientCertificate the certificate read, or null (not set, or unreadable: a problem already)
     */
    static void requireOf(RawSettings in, ClientAuthMethod method, SigningKeys keys, boolean dpop, boolean audienceIsTokenEndpoint,
            boolean certificate, ClientCertificate clientCertificate) {
        String profile = " for " + SettingKey.PROFILE.key() + "=" + NAME;
        if (method != null && method != ClientAuthMethod.PRIVATE_KEY_JWT && !method.isMutualTls()) {
            in.problem(SettingKey.CLIENT_AUTH_METHOD.key() + ": expected private_key_jwt, tls_client_auth or"
                    + " self_signed_tls_client_auth" + profile + ", found " + method.registeredName());
        }
        if (keys != null && !ALGORITHMS.contains(keys.algorithm().getName())) {
            in.problem(SettingKey.CLIENT_KEY_ALGORITHM.key() + ": expected PS256 or ES256" + profile + ", found "
                    + keys.algorithm().getName());
        }
        if (audienceIsTokenEndpoint) {
            // FAPI 2.0 §5.3.2.1: the issuer is the assertion's only audience (the 2025 audience-injection fix).
            in.problem(SettingKey.CLIENT_ASSERTION_AUDIENCE.key() + ": expected issuer" + profile + ", found token-endpoint");
        }
        if (clientCertificate != null && "RSA".equals(clientCertificate.certificate().getPublicKey().getAlgorithm())
                && clientCertificate.keySize() < MIN_RSA_BITS) {
            // FAPI 2.0 Security Profile §5.4.1: RSA keys of at least 2048 bits (EC keys are all on curves of 256 bits or more).
            in.problem(SettingKey.CLIENT_TLS_CERTIFICATE.key() + ": expected an RSA key of at least " + MIN_RSA_BITS + " bits"
                    + profile + ", found " + clientCertificate.keySize());
        }
        if (!dpop && !certificate) {
            in.problem(SettingKey.DPOP.key() + ": expected true" + profile + ", or a " + SettingKey.CLIENT_TLS_CERTIFICATE.key()
                    + " for certificate-bound tokens (sender-constrained tokens), found neither");
        }
    }

    /**
     * What {@code profile=fapi2-security} needs of the provider beyond what its settings already ask for (PAR,
     * DPoP, the algorithms): {@code iss} in every response (RFC 9207), the client's method (private_key_jwt or mutual
     * TLS), PKCE S256 listed, and certificate-bound tokens when DPoP is off. Asked by discovery, kept here beside
     * what the profile asks of the settings, so that the profile is read in one place.
     *
     * @return one problem per missing capability, naming {@code profile} and what the provider announced
     */
    public static List<String> providerProblems(Registration registration, OIDCProviderMetadata metadata) {
        List<String> problems = new ArrayList<>();
        String prefix = registration.key(SettingKey.PROFILE) + ": expected the provider to ";
        if (!metadata.supportsAuthorizationResponseIssuerParam()) {
            problems.add(prefix + "send iss in its authorization responses (authorization_response_iss_parameter_supported),"
                    + " found it not announced");
        }
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        String method = registration.clientAuthMethod().registeredName();
        if (methods == null || !methods.contains(ClientAuthenticationMethod.parse(method))) {
            problems.add(prefix + "list " + method + " in token_endpoint_auth_methods_supported, found "
                    + (methods == null ? "none" : methods));
        }
        if (!registration.dpop() && !metadata.supportsTLSClientCertificateBoundAccessTokens()) {
            // Without DPoP the profile's sender constraint is the client certificate (RFC 8705 §3).
            problems.add(prefix + "bind access tokens to the client certificate (tls_client_certificate_bound_access_tokens),"
                    + " found it not announced (or set " + registration.key(SettingKey.DPOP) + "=true)");
        }
        List<CodeChallengeMethod> pkce = metadata.getCodeChallengeMethods();
        if (pkce == null || !pkce.contains(CodeChallengeMethod.S256)) {
            problems.add(prefix + "list S256 in code_challenge_methods_supported, found " + (pkce == null ? "none" : pkce));
        }
        return problems;
    }
}
