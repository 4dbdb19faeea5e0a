package dev.pkcefilter.jakarta;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * Gives the container's session cookie {@code HttpOnly}, and {@code SameSite=Lax} where Servlet 6.0 lets a
 * web app say so ({@code SessionCookieConfig.setAttribute}) unless the app or the server already chose a
 * value. The container runs it at startup because the filter's jar is in the web app (it is listed in
 * {@code META-INF/services}); apps never call it.
 *
 * <p>Why: a login sends the browser to the provider and back, and the session cookie must come back with
 * that top-level GET, which {@code Lax} allows and {@code Strict} does not. The filter also adds the
 * attribute to the {@code Set-Cookie} header it sees, which covers Servlet 5.0 containers. Some servers
 * (Undertow, in WildFly) write the session cookie below the servlet API, where no filter sees it; on
 * those, only this configuration reaches the cookie.
 */
public final class SessionCookieDefaults implements ServletContainerInitializer {

    /** Called by the container, with any class list (the initializer asks for none). */
    public SessionCookieDefaults() {
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        try {
            // No script needs the session id; one that can read it can steal the signed-in session.
            cookie.setHttpOnly(true);
        } catch (RuntimeException e) {
            // A container that no longer takes cookie settings must still start the app; the filter's rewrite remains.
            context.log("pkce-filter: could not make the session cookie HttpOnly (" + e.getClass().getSimpleName() + ")");
            return;
        }
        Method getAttribute;
        Method setAttribute;
        try {
            getAttribute = SessionCookieConfig.class.getMethod("getAttribute", String.class);
            setAttribute = SessionCookieConfig.class.getMethod("setAttribute", String.class, String.class);
        } catch (NoSuchMethodException e) {
            // Servlet 5.0 and older: no attribute API; the filter's Set-Cookie rewrite does the job where it
            // sees the header, and docs/containers.md says how to configure servers where it does not.
            return;
        }
        try {
            if (getAttribute.invoke(cookie, "SameSite") == null) {
                setAttribute.invoke(cookie, "SameSite", "Lax");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // A container that refuses the attribute keeps its own cookie; the filter's rewrite still applies.
            context.log("pkce-filter: could not give the session cookie SameSite=Lax (" + e.getClass().getSimpleName()
                    + "); the filter adds it to the Set-Cookie header where the container lets it");
        }
    }
}
