package dev.pkcefilter.internal.store;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.internal.settings.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a back-channel logout leaves for the nodes that did not receive it: a mark per provider
 * session ({@code sid}), or per subject when the logout token names no session, holding the logout
 * token's {@code iat}; a token naming both also marks the subject's sessions that have no {@code sid}
 * (see {@link SessionIndex#take}). A signed-in state whose ID token was issued at or before a mark that names
 * it has ended. Both times are the provider's, so the nodes' clocks need not agree.
 *
 * <p>A mark lives for {@link #lifetime}: a session can outlive it only by receiving no request for
 * that long, which ends it anyway unless the container's idle timeout is longer still.
 */
public final class LogoutMarks {

    private static final Duration AT_LEAST = Duration.ofHours(24);

    private final ClusterStore store;
    private final Duration lifetime;
    /** Whether other nodes write marks into the store too; when not, this node's own marks are all there are. */
    private final boolean shared;
    /**
     * Whether this node has written a mark since it started. With a store of its own and no mark yet, no
     * signed-in request needs to look: the hot path then costs no digest and no lock.
     */
    private volatile boolean marked;

    /** @param shared whether the store is the nodes' shared {@code cluster.store}, which other nodes mark too */
    public LogoutMarks(Settings settings, ClusterStore store, boolean shared) {
        this.store = store;
        this.shared = shared;
        Duration maxAge = settings.maxSessionAge();
        this.lifetime = maxAge != null && maxAge.compareTo(AT_LEAST) > 0 ? maxAge : AT_LEAST;
    }

    /**
     * @param issuer the logout token's issuer
     * @param sid the logout token's session, or null
     * @param subject the logout token's subject, used when it names no session
     * @param issuedAtSeconds the logout token's {@code iat}
     */
    public void mark(String issuer, String sid, String subject, long issuedAtSeconds) {
        StoreKeys keys = new StoreKeys(issuer);
        marked = true;
        List<String> names = new ArrayList<>(2);
        names.add(sid != null ? keys.endedSession(sid) : keys.endedSubject(subject));
        if (sid != null && subject != null) {
            // What SessionIndex.take does on the receiving node: a session without a sid may be the named one.
            names.add(keys.endedSubjectWithoutSession(subject));
        }
        List<String> existing = store.get(names);
        for (int i = 0; i < names.size(); i++) {
            // A later logout's mark stays: an older token delivered late must not move the mark back in time.
            String mark = existing.get(i);
            if (mark == null || Long.parseLong(mark) < issuedAtSeconds) {
                store.put(names.get(i), Long.toString(issuedAtSeconds), lifetime);
            }
        }
    }

    /** @return whether a mark ends this user's signed-in state; one store read, none on a node that was never marked */
    public boolean ended(SignedInUser user) {
        if (!shared && !marked) {
            return false;
        }
        String sid = user.sessionId();
        StoreKeys keys = new StoreKeys(user.issuer());
        List<String> names = new ArrayList<>(2);
        names.add(keys.endedSubject(user.subject()));
        names.add(sid != null ? keys.endedSession(sid) : keys.endedSubjectWithoutSession(user.subject()));
        long issuedAt = user.issuedAtSeconds();
        for (String mark : store.get(names)) {
            if (mark != null && issuedAt <= Long.parseLong(mark)) {
                return true;
            }
        }
        return false;
    }
}
