package dev.pkcefilter.internal.servlet;

import dev.pkcefilter.internal.web.StoreUnavailable;
import dev.pkcefilter.internal.web.WebSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionBindingListener;
import java.io.Serializable;

/** The engine's view of a jakarta {@link HttpSession}; views of one session are equal. */
public final class JakartaSession implements WebSession {

    private final HttpServletRequest request;
    private final HttpSession session;

    public JakartaSession(HttpServletRequest request, HttpSession session) {
        this.request = request;
        this.session = session;
    }

    @Override
    public Object attribute(String name) {
        try {
            return session.getAttribute(name);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /**
     * A shared session store (Spring Session, Redisson) reads and writes through these calls: its client's failure
     * becomes {@link StoreUnavailable}, which the filter answers with 503. An {@link IllegalStateException} is the
     * servlet API's own (a session ended meanwhile) and stays what it is.
     */
    public static RuntimeException failed(RuntimeException e) {
        return e instanceof IllegalStateException ? e : StoreUnavailable.of("the session store", e);
    }

    @Override
    public void setAttribute(String name, Object value) {
        try {
            session.setAttribute(name, value);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void removeAttribute(String name) {
        try {
            session.removeAttribute(name);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    @Override
    public void invalidate() {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyEnded) {
            // Ended elsewhere meanwhile: the goal is reached.
        }
    }

    @Override
    public void whenEnded(String name, Runnable callback) {
        session.setAttribute(name, new EndListener(callback));
    }

    @Override
    public boolean isNew() {
        return session.isNew();
    }

    @Override
    public int maxInactiveSeconds() {
        return session.getMaxInactiveInterval();
    }

    @Override
    public void maxInactiveSeconds(int seconds) {
        session.setMaxInactiveInterval(seconds);
    }

    @Override
    public void changeId() {
        request.changeSessionId();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JakartaSession && ((JakartaSession) other).session.equals(session);
    }

    @Override
    public int hashCode() {
        return session.hashCode();
    }

    /**
     * Runs the callback when the container unbinds it: on invalidation or timeout. Serializable so
     * that replicated sessions keep working; after a move to another node it does nothing, as the
     * index it cleans is per node.
     */
    private static final class EndListener implements HttpSessionBindingListener, Serializable {
        private static final long serialVersionUID = 1L;
        private final transient Runnable callback;

        public EndListener(Runnable callback) {
            this.callback = callback;
        }

        // Declared although empty: Servlet 3.1 (the javax adapter's API) has no default methods here.
        @Override
        public void valueBound(HttpSessionBindingEvent event) {
        }

        @Override
        public void valueUnbound(HttpSessionBindingEvent event) {
            if (callback != null) {
                callback.run();
            }
        }
    }
}
