package dev.pkcefilter;

import java.util.ArrayList;
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
 * oldest entries are dropped (one WARN), and entries leave when their session ends. Kept behind
 * this small surface so that a later version can back it with a store shared by several nodes.
 */
final class SessionIndex {

    private static final Logger LOG = Logger.getLogger(SessionIndex.class.getName());

    private final int capacity;
    private final Map<String, Set<WebSession>> byKey = new LinkedHashMap<>();
    private int size;
    private boolean overflowWarned;

    SessionIndex(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String sid, String subject, WebSession session) {
        if (sid != null) {
            put("sid:" + sid, session);
        }
        put("sub:" + subject, session);
        while (size > capacity) {
            dropOldest();
        }
    }

    /**
     * Removes and returns the sessions a logout token names: those of its {@code sid} when it has
     * one (Back-Channel Logout 1.0 §2.7), otherwise every session of its {@code sub}.
     */
    synchronized List<WebSession> take(String sid, String subject) {
        Set<WebSession> found = sid != null ? byKey.get("sid:" + sid) : byKey.get("sub:" + subject);
        List<WebSession> sessions = found == null ? new ArrayList<WebSession>() : new ArrayList<>(found);
        for (WebSession session : sessions) {
            remove(session);
        }
        return sessions;
    }

    synchronized void remove(WebSession session) {
        for (Iterator<Set<WebSession>> it = byKey.values().iterator(); it.hasNext(); ) {
            Set<WebSession> sessions = it.next();
            if (sessions.remove(session)) {
                size--;
            }
            if (sessions.isEmpty()) {
                it.remove();
            }
        }
    }

    synchronized int size() {
        return size;
    }

    private void put(String key, WebSession session) {
        Set<WebSession> sessions = byKey.get(key);
        if (sessions == null) {
            sessions = new LinkedHashSet<>();
            byKey.put(key, sessions);
        }
        if (sessions.add(session)) {
            size++;
        }
    }

    private void dropOldest() {
        Iterator<Set<WebSession>> oldest = byKey.values().iterator();
        size -= oldest.next().size();
        oldest.remove();
        if (!overflowWarned) {
            overflowWarned = true;
            LOG.warning("pkce-filter: the back-channel logout index is full (" + capacity
                    + " entries); the oldest sessions can no longer be ended by the provider (logged once)");
        }
    }
}
