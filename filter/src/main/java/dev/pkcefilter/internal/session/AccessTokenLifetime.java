package dev.pkcefilter.internal.session;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;

/**
 * When an access token is due for refresh. {@code expires_in} is only RECOMMENDED (RFC 6749 §5.1):
 * without it, a JWT access token's {@code exp} (RFC 9068 §2.2) says when it ends, read without
 * verifying the signature as it only decides when to refresh; without either, the token is assumed to
 * last {@code tokens.default-lifetime-seconds} when a refresh token can renew it, and is used until
 * rejected when none can (ending the session on a guess would sign users out for nothing).
 */
final class AccessTokenLifetime {

    private AccessTokenLifetime() {
    }

    /**
     * @param refreshable whether a refresh token can renew the access token
     * @return when the token is due (epoch millis), or 0 for "unknown: use it until rejected"
     */
    static long expiresAt(AccessToken token, boolean refreshable, Duration defaultLifetime, long now) {
        if (token.getLifetime() > 0) {
            return now + token.getLifetime() * 1000;
        }
        long exp = jwtExpiry(token.getValue());
        if (exp > 0) {
            return exp;
        }
        return refreshable ? now + defaultLifetime.toMillis() : 0;
    }

    /** @return the {@code exp} of a JWT access token in epoch millis, or 0 when it is not a JWT with one */
    private static long jwtExpiry(String value) {
        // Two dots at least: an opaque token is not worth a parse attempt.
        if (value.indexOf('.') < 0 || value.indexOf('.') == value.lastIndexOf('.')) {
            return 0;
        }
        try {
            JWT jwt = JWTParser.parse(value);
            Date exp = jwt.getJWTClaimsSet().getExpirationTime();
            return exp == null ? 0 : exp.getTime();
        } catch (ParseException | RuntimeException e) {
            // Not a JWT (an opaque token that holds dots), or not one this parser reads: no exp to go by.
            return 0;
        }
    }
}
