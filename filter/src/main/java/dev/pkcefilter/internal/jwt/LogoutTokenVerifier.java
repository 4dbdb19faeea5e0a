package dev.pkcefilter.internal.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenClaimsVerifier;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.text.ParseException;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a logout token (OIDC Back-Channel Logout 1.0 §2.6): signature with the provider's keys
 * and the ID token algorithms, iss, aud, iat, jti, the back-channel {@code events} member, a
 * {@code sid} or {@code sub}, exp, and no {@code nonce} (all through Nimbus's {@link LogoutTokenClaimsVerifier}),
 * plus an {@code iat} no older than {@link #MAX_AGE_SECONDS}, which bounds the replay cache. Nimbus's
 * {@link LogoutTokenValidator} would check exp against the system time; here the processor is put
 * together the same way, with "now" from the filter's clock.
 */
public final class LogoutTokenVerifier {

    public static final int MAX_AGE_SECONDS = 300;

    /** The typ a logout token should have (§2.4); like Nimbus without typed tokens required, JWT or none pass too. */
    private static final DefaultJOSEObjectTypeVerifier<SecurityContext> TYPES = new DefaultJOSEObjectTypeVerifier<>(
            LogoutTokenValidator.TYPE, JOSEObjectType.JWT, null);

    private final Issuer issuer;
    private final ClientID clientId;
    private final RegisteredAlgorithms algorithms;
    private final JWSKeySelector<SecurityContext> keySelector;
    private final int clockSkewSeconds;

    public LogoutTokenVerifier(Issuer issuer, ClientID clientId, Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> keys,
            int clockSkewSeconds) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.algorithms = new RegisteredAlgorithms(algorithms);
        this.keySelector = new JWSVerificationKeySelector<>(this.algorithms.asSet(), keys);
        this.clockSkewSeconds = clockSkewSeconds;
    }

    /**
     * @param nowMillis the filter clock's time, for exp and iat
     * @throws IllegalArgumentException with a fixed text naming the failed check
     */
    public LogoutTokenClaimsSet verify(String logoutToken, long nowMillis) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(logoutToken);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the logout token is not a JWT");
        }
        if (jwt instanceof PlainJWT) {
            throw new IllegalArgumentException("the logout token is unsigned");
        }
        Optional<String> refusal = algorithms.refusal(jwt, "the logout token");
        if (refusal.isPresent()) {
            throw new IllegalArgumentException(refusal.get());
        }
        LogoutTokenClaimsSet claims;
        try {
            claims = new LogoutTokenClaimsSet(KeyLookup.LOGOUT_TOKEN.process(processorAt(nowMillis), jwt));
        } catch (BadJOSEException | JOSEException | com.nimbusds.oauth2.sdk.ParseException e) {
            throw new IllegalArgumentException("the logout token " + failedCheck(e));
        }
        long issuedAt = claims.getIssueTime().getTime();
        if (issuedAt < nowMillis - (MAX_AGE_SECONDS + clockSkewSeconds) * 1000L
                || issuedAt > nowMillis + clockSkewSeconds * 1000L) {
            throw new IllegalArgumentException("the logout token's iat is too old or in the future");
        }
        return claims;
    }

    /** Nimbus's processor as its {@link LogoutTokenValidator} builds it, with exp checked against {@code nowMillis}. */
    @SuppressWarnings("unchecked") // LogoutTokenClaimsVerifier extends the raw DefaultJWTClaimsVerifier
    private DefaultJWTProcessor<SecurityContext> processorAt(long nowMillis) {
        LogoutTokenClaimsVerifier rules = new LogoutTokenClaimsVerifier(issuer, clientId) {
            @Override
            protected Date currentTime() {
                return new Date(nowMillis);
            }
        };
        rules.setMaxClockSkew(clockSkewSeconds);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(TYPES);
        processor.setJWSKeySelector(keySelector);
        processor.setJWTClaimsSetVerifier(rules);
        return processor;
    }

    /** In this verifier's words, by {@link JwtRejection}: no part of a Nimbus message reaches a log line. */
    private static String failedCheck(Exception e) {
        JwtRejection rejection = JwtRejection.of(e);
        switch (rejection.check()) {
            case MISSING_CLAIMS:
                return "lacks required claims [" + rejection.missingClaims() + "]";
            case NONCE:
                return "has a nonce, which logout tokens must not have";
            case EVENT:
                return "lacks the back-channel logout event";
            case SID_OR_SUB:
                return "has neither sid nor sub";
            case AUDIENCE:
                return "aud does not name this client";
            case ISSUER:
                return "iss is not the configured issuer";
            case EXPIRED:
                return "has expired (exp)";
            case SIGNATURE:
            case KEY_OR_ALGORITHM:
                return "signature does not verify with the provider's keys";
            default:
                return rejection.otherwise();
        }
    }
}
