package dev.pkcefilter.internal.session;

import dev.pkcefilter.internal.web.SerialForm;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The session's current tokens, replaced as a whole on refresh. It stays the same object for the
 * session's life on a node, so it is also the lock that makes concurrent requests refresh once.
 *
 * <p>Serialized as the three tokens (and a DPoP key) deflated together ({@link SerialForm#pack}) and the expiry: a
 * shared session store reads it on every request, and most requests never look at a token, so a
 * copy read from a store inflates them only when {@link #current()} is first called.
 */
public final class TokenHolder implements Serializable {

    private static final long serialVersionUID = 3L;

    // Set, or null in a deserialized copy until current() inflates the packed tokens. Two threads
    // may both inflate them: they produce equal tokens, and either may stay.
    private transient volatile SessionTokens current;
    private transient byte[] packed;
    private transient long expiresAtMillis;

    public TokenHolder(SessionTokens current) {
        this.current = current;
    }

    public SessionTokens current() {
        SessionTokens tokens = current;
        if (tokens == null) {
            String[] values = SerialForm.unpack(packed, 4);
            tokens = new SessionTokens(values[0], values[1], values[2], expiresAtMillis, values[3]);
            current = tokens;
        }
        return tokens;
    }

    public void replace(SessionTokens fresh) {
        // The packed form of a deserialized copy stays: current() no longer reads it once this is set.
        current = fresh;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        SessionTokens tokens = current;
        if (tokens == null) {
            // A copy that was read and is written again unchanged: its packed form is still right.
            SerialForm.writeBytes(out, packed);
            out.writeLong(expiresAtMillis);
            return;
        }
        SerialForm.writeBytes(out, SerialForm.pack(tokens.accessToken(), tokens.refreshToken(), tokens.idToken(),
                tokens.proofKey()));
        out.writeLong(tokens.accessTokenExpiresAtMillis());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        packed = SerialForm.readBytes(in);
        expiresAtMillis = in.readLong();
        if (packed == null) {
            throw new java.io.InvalidObjectException("a session's tokens are missing from its serialized form");
        }
    }

    @Override
    public String toString() {
        SessionTokens tokens = current;
        return "TokenHolder[" + (tokens == null ? "(packed)" : tokens) + "]";
    }
}
