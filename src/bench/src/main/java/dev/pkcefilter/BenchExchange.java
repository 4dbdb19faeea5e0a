package dev.pkcefilter;

import jakarta.servlet.ServletContext;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request and a response without a container: the methods the filter calls answer from fields,
 * everything else fails loudly (so a benchmark can't silently measure a stub's default).
 */
final class BenchExchange {

    private BenchExchange() {
    }

    @SuppressWarnings("unchecked")
    private static <T> T unsupported(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            throw new UnsupportedOperationException(type.getSimpleName() + "." + method.getName());
        });
    }

    private static final ServletContext CONTEXT = (ServletContext) Proxy.newProxyInstance(
            ServletContext.class.getClassLoader(), new Class<?>[] {ServletContext.class}, (proxy, method, args) -> {
                if ("getSessionCookieConfig".equals(method.getName())) {
                    return Proxy.newProxyInstance(SessionCookieConfig.class.getClassLoader(),
                            new Class<?>[] {SessionCookieConfig.class}, (p, m, a) -> null);
                }
                throw new UnsupportedOperationException("ServletContext." + method.getName());
            });

    /** A GET from a browser; {@code session} may be null (then one is made on demand, fresh each time). */
    static final class Request extends HttpServletRequestWrapper {
        private final String uri;
        private HttpSession session;

        Request(String uri, HttpSession session) {
            super(unsupported(HttpServletRequest.class));
            this.uri = uri;
            this.session = session;
        }

        void resetSession(HttpSession fresh) { this.session = fresh; }

        @Override public String getRequestURI() { return uri; }
        @Override public String getContextPath() { return ""; }
        @Override public String getQueryString() { return null; }
        @Override public String getMethod() { return "GET"; }
        @Override public String getScheme() { return "http"; }
        @Override public String getServerName() { return "127.0.0.1"; }
        @Override public int getServerPort() { return 8080; }
        @Override public String getRemoteAddr() { return "127.0.0.1"; }
        @Override public String getRequestedSessionId() { return session == null ? null : session.getId(); }
        @Override public ServletContext getServletContext() { return CONTEXT; }
        @Override public String getHeader(String name) { return "Accept".equalsIgnoreCase(name) ? "text/html" : null; }
        @Override public Enumeration<String> getHeaders(String name) { return Collections.emptyEnumeration(); }
        @Override public HttpSession getSession(boolean create) {
            if (session == null && create) {
                session = new BenchSession();
            }
            return session;
        }
        @Override public HttpSession getSession() { return getSession(true); }
        @Override public String changeSessionId() { return "changed"; }
    }

    /** Records what the filter answers, and nothing else. */
    static final class Response extends HttpServletResponseWrapper {
        int status;
        String location;
        private final List<String> cookies = new ArrayList<>();

        Response() {
            super(unsupported(HttpServletResponse.class));
        }

        @Override public void setStatus(int sc) { status = sc; }
        @Override public void setHeader(String name, String value) {
            if ("Location".equals(name)) {
                location = value;
            }
        }
        @Override public void addHeader(String name, String value) { }
        @Override public Collection<String> getHeaders(String name) { return cookies; }
        @Override public void setContentLength(int length) { }
        @Override public void setContentType(String type) { }
    }
}
