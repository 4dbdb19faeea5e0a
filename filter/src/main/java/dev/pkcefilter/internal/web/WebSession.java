package dev.pkcefilter.internal.web;

/**
 * A servlet-free view of an HTTP session, implemented by each servlet adapter. Two views of the same
 * session are equal.
 */
public interface WebSession {

    /**
     * @param name the attribute name
     * @return the attribute, or null when absent (mirrors the servlet API)
     */
    Object attribute(String name);

    /**
     * Stores an attribute. Called again after an attribute's content changed, so that containers
     * that replicate sessions notice the change.
     *
     * @param name the attribute name
     * @param value the value, serializable
     */
    void setAttribute(String name, Object value);

    /** @param name the attribute to remove */
    void removeAttribute(String name);

    /** Ends the session; harmless when it has ended already. */
    void invalidate();

    /**
     * Runs the callback once when the session ends, however it ends (logout, timeout, invalidation
     * elsewhere), so that indexes pointing at it can forget it. A second registration under the same
     * name replaces the first, which then runs.
     *
     * @param name the registration's name, an attribute name of the engine's
     * @param callback run on the container's thread that ends the session
     */
    void whenEnded(String name, Runnable callback);

    /** @return whether the session was created by this request */
    boolean isNew();

    /** @return the session's inactivity timeout in seconds; zero or less means none */
    int maxInactiveSeconds();

    /** @param seconds the session's new inactivity timeout */
    void maxInactiveSeconds(int seconds);

    /** Gives the session a new id, keeping its content (session fixation defence, Servlet 3.1). */
    void changeId();
}
