package dev.pkcefilter.jakarta;

import dev.pkcefilter.WebSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** The engine's view of a jakarta {@link HttpSession}. */
final class ServletSession implements WebSession {

    private final HttpServletRequest request;
    private final HttpSession session;

    ServletSession(HttpServletRequest request, HttpSession session) {
        this.request = request;
        this.session = session;
    }

    @Override
    public Object attribute(String name) {
        return session.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        session.setAttribute(name, value);
    }

    @Override
    public void removeAttribute(String name) {
        session.removeAttribute(name);
    }

    @Override
    public void changeId() {
        request.changeSessionId();
    }
}
