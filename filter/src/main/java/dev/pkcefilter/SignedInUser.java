package dev.pkcefilter;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.internal.web.SerialForm;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.security.Principal;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The user a request is signed in as: the ID token's subject and issuer, and its claims.
 *
 * <p>Available to the app as {@link #REQUEST_ATTRIBUTE} and as the request's user principal
 * ({@link #getName()}: the subject for the default provider's users, {@code subject@provider} for a
 * named provider's, so that two providers' users never share a name). Serializable, so sessions that hold it can be replicated.
 * Holds no tokens: {@link #toString()} shows subject and issuer only.
 *
 * <p>Its serialized form holds the claims as one deflated JSON text, parsed again only when
 * {@link #claims()} is first called: a shared session store deserializes the user on every request,
 * and most requests need the subject and roles only. Numbers come back as {@code Long} or
 * {@code Double}.
 */
public final class SignedInUser implements Principal, Serializable {

    /** The request attribute under which a signed-in request carries this user. */
    public static final String REQUEST_ATTRIBUTE = "dev.pkcefilter.user";

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final String issuer;
    /** The principal name: unique across the filter's providers, as the subject alone is not. */
    private final String name;
    private final Set<String> roles;
    private final long notAfterMillis;
    // What every request needs of the claims (the back-channel logout check), kept apart from them.
    private final String sessionId;
    private final long issuedAtSeconds;
    // One of the two is set at first; claims() inflates and parses the packed JSON of a deserialized
    // user once. Two threads may both do it: they produce equal maps, and either may stay.
    private volatile Map<String, Object> claims;
    private final byte[] packedClaims;

    /**
     * @param subject the ID token's {@code sub}; not null
     * @param issuer the ID token's {@code iss}; not null
     * @param claims the ID token's claims as JSON values (strings, numbers, booleans, lists, maps); copied
     */
    public SignedInUser(String subject, String issuer, Map<String, ?> claims) {
        this(subject, issuer, claims, Collections.<String>emptySet(), 0);
    }

    /**
     * @param subject the ID token's {@code sub}; not null
     * @param issuer the ID token's {@code iss}; not null
     * @param claims the ID token's claims as JSON values; copied
     * @param roles the roles {@code isUserInRole} answers from; copied
     * @param notAfterMillis when the signed-in state ends (epoch millis), or 0 for no limit
     */
    public SignedInUser(String subject, String issuer, Map<String, ?> claims, Set<String> roles, long notAfterMillis) {
        this(subject, issuer, claims, roles, notAfterMillis, subject);
    }

    /**
     * @param subject the ID token's {@code sub}; not null
     * @param issuer the ID token's {@code iss}; not null
     * @param claims the ID token's claims as JSON values; copied
     * @param roles the roles {@code isUserInRole} answers from; copied
     * @param notAfterMillis when the signed-in state ends (epoch millis), or 0 for no limit
     * @param name the principal name ({@link #getName()}), unique across the app's providers; not null
     */
    public SignedInUser(String subject, String issuer, Map<String, ?> claims, Set<String> roles, long notAfterMillis,
            String name) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.name = Objects.requireNonNull(name, "name");
        this.claims = copyMap(Objects.requireNonNull(claims, "claims"));
        this.packedClaims = null;
        this.roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
        this.notAfterMillis = notAfterMillis;
        Object sid = claims.get("sid");
        Object iat = claims.get("iat");
        this.sessionId = sid instanceof String ? (String) sid : null;
        // A user without iat (built by an app, not a login) counts as issued at 0.
        this.issuedAtSeconds = iat instanceof Number ? ((Number) iat).longValue() : 0;
    }

    private SignedInUser(Form form) {
        this.subject = form.subject;
        this.issuer = form.issuer;
        this.name = form.name;
        this.claims = null;
        this.packedClaims = form.packedClaims;
        this.roles = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(form.roles)));
        this.notAfterMillis = form.notAfterMillis;
        this.sessionId = form.sessionId;
        this.issuedAtSeconds = form.issuedAtSeconds;
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
        Map<String, Object> parsed = claims;
        if (parsed == null) {
            try {
                parsed = copyMap(JSONObjectUtils.parse(SerialForm.unpack(packedClaims, 1)[0]));
            } catch (ParseException e) {
                // Written by this class from a map of JSON values; the parser's message would quote claims.
                throw new IllegalStateException("the serialized claims of the signed-in user are not a JSON object");
            }
            claims = parsed;
        }
        return parsed;
    }

    /**
     * @return the user's roles, read from the claim named by {@code roles.claim} (prefix stripped);
     *     what {@code isUserInRole} answers from; empty when no roles claim is configured
     */
    public Set<String> roles() {
        return roles;
    }

    /** @return when the signed-in state ends (epoch millis, {@code session.max-age-seconds}), or 0 for no limit */
    public long notAfterMillis() {
        return notAfterMillis;
    }

    /** @return the ID token's {@code sid}, or null when it had none */
    public String sessionId() {
        return sessionId;
    }

    /** @return the ID token's {@code iat} in epoch seconds, or 0 when it had none */
    public long issuedAtSeconds() {
        return issuedAtSeconds;
    }

    /**
     * @return the principal name: the subject for a user of the default provider, {@code subject@provider}
     *     for a user of a named provider ({@code provider.<name>.*}); what {@code getRemoteUser()} and
     *     {@code getUserPrincipal().getName()} answer
     */
    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SignedInUser)) {
            return false;
        }
        SignedInUser that = (SignedInUser) other;
        return subject.equals(that.subject) && issuer.equals(that.issuer) && name.equals(that.name) && claims().equals(that.claims());
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, issuer);
    }

    @Override
    public String toString() {
        return "SignedInUser[subject=" + subject + ", issuer=" + issuer + "]";
    }

    private Object writeReplace() {
        return new Form(this);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("a SignedInUser is read through its serialized form only");
    }

    /**
     * The serialized form: strings and numbers written one by one (see the class comment). A stream
     * that names {@link SignedInUser} itself is refused, so no copy can bypass the constructor.
     */
    private static final class Form implements Serializable {

        private static final long serialVersionUID = 2L;

        private transient String subject;
        private transient String issuer;
        private transient String name;
        private transient byte[] packedClaims;
        private transient String[] roles;
        private transient long notAfterMillis;
        private transient String sessionId;
        private transient long issuedAtSeconds;

        Form(SignedInUser user) {
            subject = user.subject;
            issuer = user.issuer;
            name = user.name;
            packedClaims = user.packedClaims != null ? user.packedClaims
                    : SerialForm.pack(JSONObjectUtils.toJSONString(user.claims));
            roles = user.roles.toArray(new String[0]);
            notAfterMillis = user.notAfterMillis;
            sessionId = user.sessionId;
            issuedAtSeconds = user.issuedAtSeconds;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.defaultWriteObject();
            SerialForm.writeString(out, subject);
            SerialForm.writeString(out, issuer);
            SerialForm.writeString(out, name);
            SerialForm.writeBytes(out, packedClaims);
            out.writeInt(roles.length);
            for (String role : roles) {
                SerialForm.writeString(out, role);
            }
            out.writeLong(notAfterMillis);
            SerialForm.writeString(out, sessionId);
            out.writeLong(issuedAtSeconds);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            subject = SerialForm.readString(in);
            issuer = SerialForm.readString(in);
            name = SerialForm.readString(in);
            packedClaims = SerialForm.readBytes(in);
            int count = in.readInt();
            if (subject == null || issuer == null || name == null || packedClaims == null || count < 0 || count > 10_000) {
                throw new InvalidObjectException("a signed-in user's serialized form is incomplete");
            }
            roles = new String[count];
            for (int i = 0; i < count; i++) {
                roles[i] = SerialForm.readString(in);
                if (roles[i] == null) {
                    throw new InvalidObjectException("a signed-in user's serialized form has a role without a name");
                }
            }
            notAfterMillis = in.readLong();
            if (notAfterMillis < 0) {
                throw new InvalidObjectException("a signed-in user's serialized form has a negative end of session");
            }
            sessionId = SerialForm.readString(in);
            issuedAtSeconds = in.readLong();
        }

        private Object readResolve() {
            return new SignedInUser(this);
        }
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
