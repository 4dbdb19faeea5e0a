package dev.pkcefilter;

import dev.pkcefilter.internal.web.WebExchange;
import dev.pkcefilter.internal.web.WebSession;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link WebExchange} for engine tests: a request in, a recorded response out. */
public final class FakeExchange implements WebExchange {

    public static final class FakeSession implements WebSession {
        public final Map<String, Object> attributes = new HashMap<>();
        public final Map<String, Runnable> endCallbacks = new java.util.LinkedHashMap<>();
        public int idChanges;
        public boolean invalidated;

        @Override
        public void invalidate() {
            invalidated = true;
            attributes.clear();
            endCallbacks.values().forEach(Runnable::run);
        }

        @Override
        public void whenEnded(String name, Runnable callback) {
            Runnable replaced = endCallbacks.put(name, callback);
            if (replaced != null) {
                replaced.run();
            }
        }
        public boolean isNew = true;
        public int maxInactive = 1800;
        @Override public boolean isNew() { return isNew; }
        @Override public int maxInactiveSeconds() { return maxInactive; }
        @Override public void maxInactiveSeconds(int seconds) { maxInactive = seconds; }

        @Override public Object attribute(String name) { return attributes.get(name); }
        @Override public void setAttribute(String name, Object value) { attributes.put(name, value); }
        @Override public void removeAttribute(String name) { attributes.remove(name); }
        @Override public void changeId() { idChanges++; }
    }

    public String method = "GET";
    public String requestUri = "/";
    public String contextPath = "";
    public String query;
    public final Map<String, String> requestHeaders = new HashMap<>();
    public String remoteAddress = "192.0.2.10";
    public String scheme = "https";
    public String host = "app.example.com";
    public int port = 443;
    public FakeSession session;
    public boolean sessionIdRequested;

    public int status = 200;
    public final Map<String, String> responseHeaders = new LinkedHashMap<>();
    public String body = "";

    public static FakeExchange get(String requestUri) {
        FakeExchange exchange = new FakeExchange();
        int q = requestUri.indexOf('?');
        exchange.requestUri = q < 0 ? requestUri : requestUri.substring(0, q);
        exchange.query = q < 0 ? null : requestUri.substring(q + 1);
        return exchange;
    }

    public FakeExchange withSession(FakeSession session) {
        this.session = session;
        this.sessionIdRequested = session != null;
        return this;
    }

    public FakeExchange header(String name, String value) {
        requestHeaders.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    @Override public String method() { return method; }
    @Override public String requestUri() { return requestUri; }
    @Override public String contextPath() { return contextPath; }
    // As a container maps it; these tests send clean paths (the container's decoding is StepUpIT's to test).
    @Override public String pathWithinApp() { return requestUri.substring(contextPath.length()); }
    @Override public Optional<String> query() { return Optional.ofNullable(query); }
    @Override public Optional<String> header(String name) { return Optional.ofNullable(requestHeaders.get(name.toLowerCase(Locale.ROOT))); }
    @Override public String scheme() { return scheme; }
    @Override public String host() { return host; }
    @Override public int port() { return port; }
    @Override public String remoteAddress() { return remoteAddress; }
    public final Map<String, String> form = new HashMap<>();
    @Override public Optional<String> formParameter(String name) { return Optional.ofNullable(form.get(name)); }
    public final Map<String, String> cookies = new HashMap<>();
    @Override public Optional<String> cookie(String name) { return Optional.ofNullable(cookies.get(name)); }

    @Override
    public Map<String, java.util.List<String>> parameters() {
        Map<String, java.util.List<String>> all = new LinkedHashMap<>(
                com.nimbusds.oauth2.sdk.util.URLUtils.parseParameters(query == null ? "" : query));
        form.forEach((name, value) -> all.computeIfAbsent(name, any -> new java.util.ArrayList<>()).add(value));
        return all;
    }

    @Override
    public java.util.List<String> headers(String name) {
        String value = requestHeaders.get(name.toLowerCase(Locale.ROOT));
        return value == null ? java.util.List.of() : java.util.List.of(value);
    }
    @Override public Optional<WebSession> session() { return Optional.ofNullable(session); }

    @Override
    public WebSession createSession() {
        if (session == null) {
            session = new FakeSession();
        }
        return session;
    }

    @Override public boolean sessionIdRequested() { return sessionIdRequested; }
    public Boolean hardenedSecure;
    public String hardenedPath;
    @Override public void hardenSessionCookie(boolean secure, String path) {
        hardenedSecure = secure;
        hardenedPath = path;
    }
    @Override public void setHeader(String name, String value) { responseHeaders.put(name, value); }
    /** Every {@code Set-Cookie} added, in order. */
    public final java.util.List<String> setCookies = new java.util.ArrayList<>();
    @Override
    public void addHeader(String name, String value) {
        if ("Set-Cookie".equalsIgnoreCase(name)) {
            setCookies.add(value);
        } else {
            responseHeaders.merge(name, value, (earlier, later) -> earlier + ", " + later);
        }
    }

    @Override
    public void redirect(String location) {
        status = 302;
        responseHeaders.put("Location", location);
    }

    @Override
    public void send(int status, String contentType, String body) {
        this.status = status;
        responseHeaders.put("Content-Type", contentType);
        this.body = body;
    }
}
