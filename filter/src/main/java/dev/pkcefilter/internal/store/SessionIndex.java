package dev.pkcefilter.internal.store;

import dev.pkcefilter.internal.web.WebSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Which sessions on this node belong to which provider session ({@code sid}) and subject
 * ({@code sub}), so that a back-channel logout can end them. Bounded: beyond the capacity the
 * oldest sessions are dropped (one WARN), and sessions leave when they end. Both directions are
 * kept, so adding and removing a session cost the same however full the index is. Kept behind this
 * small surface so that a later version can back it with a store shared by several nodes.
 */
public final class SessionIndex {

    private static final Logger LOG = Logger.getLogger(SessionIndex.class.getName());

    private final int capacity;
    private final Map<String, Set<WebSession>> sessionsByKey = new HashMap<>();
    /** Insertion order is age order, which eviction needs. */
    private final LinkedHashMap<WebSession, List<String>> keysBySession = new LinkedHashMap<>();
    private boolean overflowWarned;

    public SessionIndex(int capacity) {
        this.capacity = capacity;
    }

    /** @param issuer the user's provider: a {@code sid} or {@code sub} is unique only at its issuer */
    public synchronized void add(String issuer, String sid, String subject, WebSession session) {
        remove(session);
        // A session's keys are its sub's, preceded by its sid's when it has one: take() tells the two by the count.
        List<String> keys = new ArrayList<>(2);
        if (sid != null) {
            keys.add(key(issuer, "sid", sid));
        }
        keys.add(key(issuer, "sub", subject));
        keysBySession.put(session, keys);
        for (String key : keys) {
            Set<WebSession> sessions = sessionsByKey.get(key);
            if (sessions == null) {
                sessions = new LinkedHashSet<>();
                sessionsByKey.put(key, sessions);
            }
            sessions.add(session);
        }
        while (keysBySession.size() > capacity) {
            dropOldest();
        }
    }

    /**
     * Removes and returns the sessions a logout token names: those of its {@code sid} when it has
     * one (Back-Channel Logout 1.0 §2.7), otherwise every session of its {@code sub}. A token with
     * both also ends the subject's sessions whose ID token carried no {@code sid}: for those the
     * filter cannot tell which provider session they belong to, and §2.6 lets either claim decide.
     */
    public synchronized List<WebSession> take(String issuer, String sid, String subject) {
        List<WebSession> sessions = new ArrayList<>(sessionsOf(sid != null ? key(issuer, "sid", sid) : key(issuer, "sub", subject)));
        if (sid != null && subject != null) {
            for (WebSession session : sessionsOf(key(issuer, "sub", subject))) {
                if (keysBySession.get(session).size() == 1 && !sessions.contains(session)) {
                    sessions.add(session);
                }
            }
        }
        for (WebSession session : sessions) {
            remove(session);
        }
        return sessions;
    }

    private Set<WebSession> sessionsOf(String key) {
        Set<WebSession> found = sessionsByKey.get(key);
        return found == null ? Collections.<WebSession>emptySet() : found;
    }

    private static String key(String issuer, String kind, String value) {
        return kind + ":" + value + "\u0000" + issuer;
    }

    public synchronized void remove(WebSession session) {
        List<String> keys = keysBySession.remove(session);
        if (keys == null) {
            return;
        }
        for (String key : keys) {
            Set<WebSession> sessions = sessionsByKey.get(key);
            if (sessions != null && sessions.remove(session) && sessions.isEmpty()) {
                sessionsByKey.remove(key);
            }
        }
    }

    /** @return how many sessions are indexed */
    public synchronized int size() {
        return keysBySession.size();
    }

    private void dropOldest() {
        Iterator<WebSession> oldest = keysBySession.keySet().iterator();
        remove(oldest.next());
        if (!overflowWarned) {
            overflowWarned = true;
            LOG.warning("pkce-filter: the back-channel logout index is full (" + capacity
                    + " sessions); the oldest can no longer be ended by the provider (logged once)");
        }
    }
}
