package dev.pkcefilter.internal.jwt;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Nimbus JWT processor rejected a token for, read from its message by keyword, for the ID
 * token and logout token verifiers to put in their own words. Nimbus messages can quote claim values,
 * so no part of one leaves this class except the names of missing claims, which come from our own
 * lists of required claims.
 */
public final class JwtRejection {

    /** The rule a token broke. */
    public enum Check { NONCE, MISSING_CLAIMS, EVENT, SID_OR_SUB, ISSUER, AUDIENCE, EXPIRED, ISSUED_AT, SIGNATURE, KEY_OR_ALGORITHM, OTHER }

    private static final Pattern MISSING_CLAIMS = Pattern.compile("missing required claims: \\[([a-z_, ]+)]");

    private final Check check;
    private final String missingClaims;
    private final String exceptionType;

    private JwtRejection(Check check, String missingClaims, String exceptionType) {
        this.check = check;
        this.missingClaims = missingClaims;
        this.exceptionType = exceptionType;
    }

    /** @param rejection a Nimbus {@code BadJOSEException}, {@code JOSEException} or parse exception */
    public static JwtRejection of(Exception rejection) {
        String message = String.valueOf(rejection.getMessage()).toLowerCase(Locale.ROOT);
        Matcher missing = MISSING_CLAIMS.matcher(message);
        String type = rejection.getClass().getSimpleName();
        if (message.contains("nonce")) {
            return new JwtRejection(Check.NONCE, null, type);
        }
        if (missing.find()) {
            return new JwtRejection(Check.MISSING_CLAIMS, missing.group(1), type);
        }
        return new JwtRejection(checkNamedIn(message), null, type);
    }

    private static Check checkNamedIn(String message) {
        if (message.contains("event")) {
            return Check.EVENT;
        }
        if (mentions(message, "sid") || mentions(message, "sub")) {
            return Check.SID_OR_SUB;
        }
        if (mentions(message, "iss")) {
            return Check.ISSUER;
        }
        if (mentions(message, "aud")) {
            return Check.AUDIENCE;
        }
        if (message.contains("expired")) {
            return Check.EXPIRED;
        }
        if (mentions(message, "iat")) {
            return Check.ISSUED_AT;
        }
        if (message.contains("signature")) {
            return Check.SIGNATURE;
        }
        return message.contains("algorithm") || message.contains("key") ? Check.KEY_OR_ALGORITHM : Check.OTHER;
    }

    /** A whole word: "missing" must not read as "iss". */
    private static boolean mentions(String text, String word) {
        return Pattern.compile("\\b" + word + "\\b").matcher(text).find();
    }

    public Check check() {
        return check;
    }

    /** @return the missing claims' names, comma separated, for {@link Check#MISSING_CLAIMS}; else null */
    public String missingClaims() {
        return missingClaims;
    }

    /** @return for {@link Check#OTHER}: "was rejected" with the exception's type, which quotes nothing */
    public String otherwise() {
        return "was rejected (" + exceptionType + ")";
    }
}
