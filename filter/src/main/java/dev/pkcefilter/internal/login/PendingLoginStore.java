package dev.pkcefilter.internal.login;

import dev.pkcefilter.internal.settings.SettingKey;
import dev.pkcefilter.internal.web.SerialForm;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The logins a session has started and not finished, keyed by state, so that several tabs can log
 * in at once. Bounded (the oldest is evicted), expiring, and each entry is taken exactly once.
 *
 * <p>Lives in the session; thread-safe because two tabs of one session may call at once. Its
 * serialized form is written field by field rather than as a map of objects: a shared session
 * store holds a pending login in under half the bytes (issue 12's target is 600 per login).
 */
public final class PendingLoginStore implements Serializable {

    private static final long serialVersionUID = 6L;

    /** What {@link #take} found for a state. */
    public enum Outcome { FOUND, UNKNOWN, EXPIRED }

    /** The result of {@link #take}: an outcome and, when {@link Outcome#FOUND}, the login. */
    public static final class Taken {
        public final Outcome outcome;
        public final PendingLogin login;

        public Taken(Outcome outcome, PendingLogin login) {
            this.outcome = outcome;
            this.login = login;
        }
    }

    private final int capacity;
    private final long ttlMillis;
    // Insertion order is age order, which is what eviction needs.
    // Sized for the common case of one or two tabs; it grows when needed.
    // Not final: readObject fills it; transient: writeObject writes the logins' fields itself.
    private transient LinkedHashMap<String, PendingLogin> byState = new LinkedHashMap<>(4);

    public PendingLoginStore(int capacity, long ttlMillis) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
    }

    /** Adds a login, dropping expired ones and then the oldest beyond the capacity. */
    public synchronized void add(PendingLogin login, long nowMillis) {
        dropExpired(nowMillis);
        byState.put(login.state(), login);
        Iterator<String> oldestFirst = byState.keySet().iterator();
        while (byState.size() > capacity) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    /** Removes and returns the login for a state; a second take of the same state finds nothing. */
    public synchronized Taken take(String state, long nowMillis) {
        PendingLogin login = byState.remove(state);
        if (login == null) {
            return new Taken(Outcome.UNKNOWN, null);
        }
        if (isExpired(login, nowMillis)) {
            return new Taken(Outcome.EXPIRED, null);
        }
        return new Taken(Outcome.FOUND, login);
    }

    public synchronized int size() {
        return byState.size();
    }

    private void dropExpired(long nowMillis) {
        for (Iterator<Map.Entry<String, PendingLogin>> it = byState.entrySet().iterator(); it.hasNext(); ) {
            if (isExpired(it.next().getValue(), nowMillis)) {
                it.remove();
            }
        }
    }

    private boolean isExpired(PendingLogin login, long nowMillis) {
        return nowMillis - login.createdAtMillis() >= ttlMillis;
    }

    private synchronized void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        out.writeInt(byState.size());
        for (PendingLogin login : byState.values()) {
            SerialForm.writeString(out, login.state());
            SerialForm.writeString(out, login.provider());
            SerialForm.writeString(out, login.nonce());
            SerialForm.writeString(out, login.codeVerifier());
            SerialForm.writeString(out, login.redirectUri());
            SerialForm.writeString(out, login.returnTo());
            out.writeLong(login.createdAtMillis());
            out.writeBoolean(login.stepUp());
            SerialForm.writeString(out, login.formPostBinding());
            SerialForm.writeString(out, login.proofKeyJson());
        }
    }

    /**
     * Reads the form {@link #writeObject} wrote, and nothing else: a session store is outside input,
     * so the capacity, lifetime and count are held to the settings' bounds before anything is
     * allocated, and a login without the values its callback is checked against is refused.
     *
     * @throws InvalidObjectException when a bound or a required value does not hold (the message names no content)
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        requireWithin("capacity", capacity, SettingKey.LOGIN_MAX_PENDING.min(), SettingKey.LOGIN_MAX_PENDING.max());
        requireWithin("lifetime", ttlMillis, SettingKey.LOGIN_PENDING_TTL_SECONDS.min() * 1000,
                SettingKey.LOGIN_PENDING_TTL_SECONDS.max() * 1000);
        int count = in.readInt();
        requireWithin("count", count, 0, capacity);
        byState = new LinkedHashMap<>(Math.max(4, count * 2));
        for (int i = 0; i < count; i++) {
            String state = required(SerialForm.readString(in), "state");
            String provider = required(SerialForm.readString(in), "provider");
            String nonce = required(SerialForm.readString(in), "nonce");
            String verifier = required(SerialForm.readString(in), "code verifier");
            String redirectUri = required(SerialForm.readString(in), "redirect URI");
            String returnTo = required(SerialForm.readString(in), "return path");
            long createdAt = in.readLong();
            boolean stepUp = in.readBoolean();
            String binding = SerialForm.readString(in);
            String proofKey = SerialForm.readString(in);
            if (!isAscii(nonce) || !isAscii(verifier) || (binding != null && !isAscii(binding))) {
                throw new InvalidObjectException("a pending login's nonce, verifier or binding is not ASCII");
            }
            byState.put(state, new PendingLogin(state, provider, nonce, verifier, redirectUri, returnTo, createdAt, stepUp,
                    binding, proofKey));
        }
        if (byState.size() != count) {
            throw new InvalidObjectException("two pending logins share a state");
        }
    }

    private static void requireWithin(String what, long value, long min, long max) throws InvalidObjectException {
        if (value < min || value > max) {
            throw new InvalidObjectException("pending logins: " + what + " " + value + " is outside " + min + " to " + max);
        }
    }

    private static String required(String value, String what) throws InvalidObjectException {
        if (value == null) {
            throw new InvalidObjectException("a pending login has no " + what);
        }
        return value;
    }

    // PendingLogin keeps these as ASCII bytes: anything else would not come back as it was written.
    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized String toString() {
        return "PendingLoginStore[size=" + byState.size() + ", capacity=" + capacity + "]";
    }
}
