package dev.pkcefilter;

import java.io.Serializable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The user a request is signed in as: the ID token's subject and issuer, and its claims.
 *
 * <p>Available to the app as {@link #REQUEST_ATTRIBUTE} and as the request's user principal
 * ({@link #getName()} is the subject). Serializable, so sessions that hold it can be replicated.
 * Holds no tokens: {@link #toString()} shows subject and issuer only.
 */
public final class SignedInUser implements Principal, Serializable {

    /** The request attribute under which a signed-in request carries this user. */
    public static final String REQUEST_ATTRIBUTE = "dev.pkcefilter.user";

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String issuer;
    private final Map<String, Object> claims;
    private final Set<String> roles;
    private final long notAfterMillis;

    /**
     * @param subject the ID token's {@code sub}; not null
     * @param issuer the ID token's {@code iss}; not null
     * @param claims the ID token's claims as JSON values (strings, numbers, booleans, lists, maps); copied
     */
    public SignedInUser(String subject, String issuer, Map<String, ?> claims) {
        this(subject, issuer, claims, Collections.<String>emptySet(), 0);
    }

    SignedInUser(String subject, String issuer, Map<String, ?> claims, Set<String> roles, long notAfterMillis) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.claims = copyMap(Objects.requireNonNull(claims, "claims"));
        this.roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        this.notAfterMillis = notAfterMillis;
    }

    /** @return the subject identifier ({@code sub}); unique only together with {@link #issuer()} */
    public String subject() {
        return subject;
    }

    /** @return the issuer identifier ({@code iss}) */
    public String issuer() {
        return issuer;
    }

    /** @return the ID token's claims, unmodifiable; never null */
    public Map<String, Object> claims() {
        return claims;
    }

    /**
     * @return the user's roles, read from the claim named by {@code roles.claim} (prefix stripped);
     *     what {@code isUserInRole} answers from; empty when no roles claim is configured
     */
    public Set<String> roles() {
        return roles;
    }

    /** @return when the signed-in state ends (epoch millis, {@code session.max-age-seconds}), or 0 for no limit */
    long notAfterMillis() {
        return notAfterMillis;
    }

    /** @return the subject, as a {@link Principal} name */
    @Override
    public String getName() {
        return subject;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SignedInUser)) {
            return false;
        }
        SignedInUser that = (SignedInUser) other;
        return subject.equals(that.subject) && issuer.equals(that.issuer) && claims.equals(that.claims);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, issuer);
    }

    @Override
    public String toString() {
        return "SignedInUser[subject=" + subject + ", issuer=" + issuer + "]";
    }

    // Parsed JSON may come in the parser's own collection types; copying into plain, unmodifiable
    // JDK collections keeps the user serializable and immutable whatever parser produced it.
    private static Map<String, Object> copyMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            copy.put(String.valueOf(entry.getKey()), copyValue(entry.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value) {
        if (value instanceof Map) {
            return copyMap((Map<?, ?>) value);
        }
        if (value instanceof Iterable) {
            List<Object> copy = new ArrayList<>();
            for (Object item : (Iterable<?>) value) {
                copy.add(copyValue(item));
            }
            return Collections.unmodifiableList(copy);
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return String.valueOf(value);
    }
}
