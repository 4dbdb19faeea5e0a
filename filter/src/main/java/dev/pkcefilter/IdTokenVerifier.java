package dev.pkcefilter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.text.ParseException;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies an ID token (OIDC Core §3.1.3.7): signature against the provider's keys with an allowed
 * asymmetric algorithm (never {@code none}, never HMAC), then iss, aud, azp, exp, iat and nonce with
 * the configured clock skew. Built on Nimbus {@link IDTokenValidator} with a key selector, never its
 * unsigned-token constructor.
 */
final class IdTokenVerifier {

    private final IDTokenValidator validator;
    private final ClientID clientId;

    /**
     * @param algorithms the allowed algorithms: the provider's, intersected with the settings
     * @param keys the provider's keys; in production a cached, rate-limited JWKS source
     */
    IdTokenVerifier(Issuer issuer, ClientID clientId, Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys,
            int clockSkewSeconds) {
        if (algorithms.isEmpty()) {
            throw new IllegalArgumentException("at least one algorithm is needed");
        }
        this.validator = new IDTokenValidator(issuer, clientId, new JWSVerificationKeySelector<>(algorithms, keys), null);
        this.validator.setMaxClockSkew(clockSkewSeconds);
        this.clientId = clientId;
    }

    /**
     * @param idToken the compact serialized ID token from the token response
     * @param expectedNonce the nonce of the pending login
     * @return the verified claims
     * @throws LoginFailure {@link FailureReason#ID_TOKEN_INVALID} naming the failed check, or
     *     {@link FailureReason#PROVIDER_UNAVAILABLE} when the keys could not be fetched
     */
    IDTokenClaimsSet verify(String idToken, String expectedNonce) throws LoginFailure {
        return validated(idToken, new Nonce(expectedNonce), "the ID token");
    }

    /**
     * An ID token from a refresh (OIDC Core §12.2): verified like the login's, without a nonce, and
     * it must be about the same subject.
     *
     * @throws LoginFailure {@link FailureReason#ID_TOKEN_INVALID} naming the failed check
     */
    IDTokenClaimsSet verifyRefreshed(String idToken, String subject) throws LoginFailure {
        IDTokenClaimsSet claims = validated(idToken, null, "the refreshed ID token");
        if (!claims.getSubject().getValue().equals(subject)) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, "the refreshed ID token is about another subject");
        }
        return claims;
    }

    /** @param nonce the expected nonce, or null when none is expected (refresh) */
    private IDTokenClaimsSet validated(String idToken, Nonce nonce, String what) throws LoginFailure {
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, what + " is not a JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, what + " is unsigned (alg none)");
        }
        IDTokenClaimsSet claims;
        try {
            claims = validator.validate(jwt, nonce);
        } catch (KeySourceException e) {
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE, "the provider's signing keys could not be fetched ("
                    + e.getClass().getSimpleName() + ")");
        } catch (BadJOSEException | JOSEException e) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, what + " " + failedCheck(e));
        }
        checkAuthorizedParty(claims);
        return claims;
    }

    /**
     * OIDC Core §3.1.3.7 items 4 and 5, which Nimbus leaves to the client: with several audiences
     * azp must be present, and when present it must be this client.
     */
    private void checkAuthorizedParty(IDTokenClaimsSet claims) throws LoginFailure {
        String azp = claims.getStringClaim("azp");
        if (azp == null ? claims.getAudience().size() > 1 : !azp.equals(clientId.getValue())) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, "the ID token azp is not this client");
        }
    }

    // Nimbus messages can quote claim values; only our own fixed texts reach a log line.
    static String failedCheck(Exception e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("nonce")) {
            return "nonce does not match this login";
        }
        if (message.contains("authorized party") || message.contains("azp")) {
            return "azp is not this client";
        }
        if (message.contains("issuer")) {
            return "iss is not the configured issuer";
        }
        if (message.contains("audience")) {
            return "aud does not name this client";
        }
        if (message.contains("expired")) {
            return "has expired (exp)";
        }
        if (message.contains("expiration")) {
            return "has no exp";
        }
        if (message.contains("issue time") || message.contains("iat")) {
            return "iat is missing or in the future";
        }
        if (message.contains("signature")) {
            return "signature does not verify";
        }
        if (message.contains("algorithm") || message.contains("key")) {
            return "uses an algorithm not allowed, or a key the provider does not publish";
        }
        return "was rejected (" + e.getClass().getSimpleName() + ")";
    }
}
