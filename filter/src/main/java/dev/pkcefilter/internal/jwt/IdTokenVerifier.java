package dev.pkcefilter.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import java.text.ParseException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies an ID token (OIDC Core §3.1.3.7): signature against the provider's keys with an allowed
 * asymmetric algorithm (never {@code none}, never HMAC), then iss, sub, aud, azp, exp, iat and nonce
 * with the configured clock skew. Nimbus's {@link DefaultJWTProcessor} checks the signature and its
 * {@link DefaultJWTClaimsVerifier} the claims; "now" is the filter's clock, not the system time
 * (Nimbus's {@code IDTokenValidator} reads the latter and has no way to change it).
 */
public final class IdTokenVerifier {

    /** What OIDC Core §2 makes every ID token carry; the nonce joins them when one is expected. */
    private static final Set<String> REQUIRED_CLAIMS = Collections.unmodifiableSet(new HashSet<>(
            Arrays.asList("iss", "sub", "aud", "exp", "iat")));

    private final String issuer;
    private final ClientID clientId;
    private final RegisteredAlgorithms algorithms;
    private final JWSKeySelector<SecurityContext> keySelector;
    private final int clockSkewSeconds;
    private final Clock clock;

    /**
     * @param algorithms the algorithms the client is registered for, of those the provider offers; not empty
     * @param keys the provider's keys; in production {@link ProviderKeys}
     * @param clock the filter's clock, for exp and iat
     */
    public IdTokenVerifier(Issuer issuer, ClientID clientId, Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys,
            int clockSkewSeconds, Clock clock) {
        this.issuer = issuer.getValue();
        this.clientId = clientId;
        this.algorithms = new RegisteredAlgorithms(algorithms);
        this.keySelector = new JWSVerificationKeySelector<>(this.algorithms.asSet(), keys);
        this.clockSkewSeconds = clockSkewSeconds;
        this.clock = clock;
    }

    /**
     * @param idToken the compact serialized ID token from the token response
     * @param expectedNonce the nonce of the pending login
     * @return the verified claims
     * @throws LoginFailure {@link FailureReason#ID_TOKEN_INVALID} naming the failed check, or
     *     {@link FailureReason#PROVIDER_UNAVAILABLE} when the keys could not be fetched
     */
    public IDTokenClaimsSet verify(String idToken, String expectedNonce) throws LoginFailure {
        return validated(idToken, expectedNonce, "the ID token");
    }

    /**
     * An ID token from a refresh (OIDC Core §12.2): verified like the login's, without a nonce, and
     * it must be about the same subject.
     *
     * @throws LoginFailure {@link FailureReason#ID_TOKEN_INVALID} naming the failed check
     */
    public IDTokenClaimsSet verifyRefreshed(String idToken, String subject) throws LoginFailure {
        IDTokenClaimsSet claims = validated(idToken, null, "the refreshed ID token");
        if (!claims.getSubject().getValue().equals(subject)) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, "the refreshed ID token is about another subject");
        }
        return claims;
    }

    /** @param nonce the expected nonce, or null when none is expected (refresh) */
    private IDTokenClaimsSet validated(String idToken, String nonce, String what) throws LoginFailure {
        JWT jwt;
        try {
            jwt = JWTParser.parse(idToken);
        } catch (ParseException e) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, what + " is not a JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, what + " is unsigned (alg none)");
        }
        Optional<String> refusal = algorithms.refusal(jwt, what);
        if (refusal.isPresent()) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, refusal.get());
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(keySelector);
        processor.setJWTClaimsSetVerifier(new ClaimRules(nonce, clock.millis()));
        IDTokenClaimsSet claims;
        try {
            claims = new IDTokenClaimsSet(KeyLookup.ID_TOKEN.process(processor, jwt));
        } catch (KeySourceException e) {
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE, "the provider's signing keys could not be fetched ("
                    + e.getClass().getSimpleName() + ")");
        } catch (BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, what + " " + failedCheck(e));
        }
        checkAuthorizedParty(claims);
        return claims;
    }

    /**
     * The claim rules of OIDC Core §3.1.3.7 items 2, 3, 9, 10 and 11, by Nimbus's verifier with our
     * clock, plus the one it lacks: an iat in the future (beyond the skew) is refused.
     */
    private final class ClaimRules extends DefaultJWTClaimsVerifier<SecurityContext> {

        private final long nowMillis;

        public ClaimRules(String nonce, long nowMillis) {
            super(Collections.singleton(clientId.getValue()), expectedValues(nonce), REQUIRED_CLAIMS, null);
            setMaxClockSkew(clockSkewSeconds);
            this.nowMillis = nowMillis;
        }

        @Override
        protected Date currentTime() {
            return new Date(nowMillis);
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            if (claims.getIssueTime().getTime() > nowMillis + clockSkewSeconds * 1000L) {
                throw new BadJWTException("JWT iat is in the future");
            }
        }
    }

    private JWTClaimsSet expectedValues(String nonce) {
        JWTClaimsSet.Builder expected = new JWTClaimsSet.Builder().issuer(issuer);
        return (nonce == null ? expected : expected.claim("nonce", nonce)).build();
    }

    /**
     * OIDC Core §3.1.3.7 items 4 and 5: with several audiences azp must be present, and when present
     * it must be this client.
     */
    private void checkAuthorizedParty(IDTokenClaimsSet claims) throws LoginFailure {
        String azp = claims.getStringClaim("azp");
        if (azp == null ? claims.getAudience().size() > 1 : !azp.equals(clientId.getValue())) {
            throw new LoginFailure(FailureReason.ID_TOKEN_INVALID, "the ID token azp is not this client");
        }
    }

    /** In this verifier's words, by {@link JwtRejection}: no part of a Nimbus message reaches a log line. */
    public static String failedCheck(Exception e) {
        JwtRejection rejection = JwtRejection.of(e);
        switch (rejection.check()) {
            case NONCE:
                return "nonce does not match this login";
            case MISSING_CLAIMS:
                return "exp".equals(rejection.missingClaims()) ? "has no exp"
                        : "iat".equals(rejection.missingClaims()) ? "iat is missing or in the future"
                        : "lacks required claims [" + rejection.missingClaims() + "]";
            case ISSUER:
                return "iss is not the configured issuer";
            case AUDIENCE:
                return "aud does not name this client";
            case EXPIRED:
                return "has expired (exp)";
            case ISSUED_AT:
                return "iat is missing or in the future";
            case SIGNATURE:
                return "signature does not verify";
            case KEY_OR_ALGORITHM:
                return "uses an algorithm not allowed, or a key the provider does not publish";
            default:
                return rejection.otherwise();
        }
    }
}
