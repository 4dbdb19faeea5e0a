package dev.pkcefilter.internal.servlet;

import dev.pkcefilter.internal.web.SessionCookie;
import dev.pkcefilter.internal.web.WebExchange;
import dev.pkcefilter.internal.web.WebSession;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's view of a jakarta request and response. */
public final class JakartaExchange implements WebExchange {

    private final HttpServletRequest request;
    private final HttpServletResponse response;

    public JakartaExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String requestUri() {
        return request.getRequestURI();
    }

    @Override
    public String contextPath() {
        return request.getContextPath();
    }

    @Override
    public String pathWithinApp() {
        return pathWithinApp(request);
    }

    /** @return the servlet path and path info: the path the container mapped, decoded and normalised */
    public static String pathWithinApp(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    @Override
    public Optional<String> query() {
        return Optional.ofNullable(request.getQueryString());
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public List<String> headers(String name) {
        return Collections.list(request.getHeaders(name));
    }

    @Override
    public Optional<String> formParameter(String name) {
        return Optional.ofNullable(request.getParameter(name));
    }

    @Override
    public Map<String, List<String>> parameters() {
        if (request.getCharacterEncoding() == null) {
            try {
                // A form_post body is UTF-8 (HTML's form encoding for a UTF-8 page); the servlet default is ISO-8859-1.
                request.setCharacterEncoding("UTF-8");
            } catch (java.io.UnsupportedEncodingException e) {
                throw new IllegalStateException("every Java platform has UTF-8", e);
            }
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            parameters.put(parameter.getKey(), Arrays.asList(parameter.getValue()));
        }
        return parameters;
    }

    @Override
    public Optional<String> cookie(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return Optional.of(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public String scheme() {
        return request.getScheme();
    }

    @Override
    public String host() {
        return request.getServerName();
    }

    @Override
    public int port() {
        return request.getServerPort();
    }

    @Override
    public Optional<WebSession> session() {
        HttpSession session;
        try {
            session = request.getSession(false);
        } catch (RuntimeException e) {
            throw JakartaSession.failed(e);
        }
        return session == null ? Optional.empty() : Optional.of(new JakartaSession(request, session));
    }

    @Override
    public WebSession createSession() {
        try {
            return new JakartaSession(request, request.getSession(true));
        } catch (RuntimeException e) {
            throw JakartaSession.failed(e);
        }
    }

    @Override
    public boolean sessionIdRequested() {
        return request.getRequestedSessionId() != null;
    }

    @Override
    public void setHeader(String name, String value) {
        response.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        response.addHeader(name, value);
    }

    @Override
    public void hardenSessionCookie(boolean secure, String path) {
        String name = request.getServletContext().getSessionCookieConfig().getName();
        String prefix = (name == null ? "JSESSIONID" : name) + "=";
        List<String> cookies = new ArrayList<>(response.getHeaders("Set-Cookie"));
        boolean changed = false;
        for (int i = 0; i < cookies.size(); i++) {
            if (cookies.get(i).startsWith(prefix)) {
                String hardened = SessionCookie.harden(cookies.get(i), secure, path);
                changed |= !hardened.equals(cookies.get(i));
                cookies.set(i, hardened);
            }
        }
        if (!changed) {
            return;
        }
        // Servlet 5 has no API for SameSite, so the header is rewritten, keeping every other cookie.
        response.setHeader("Set-Cookie", cookies.get(0));
        for (int i = 1; i < cookies.size(); i++) {
            response.addHeader("Set-Cookie", cookies.get(i));
        }
    }

    @Override
    public void redirect(String location) throws IOException {
        // Not sendRedirect: it may rewrite the URL with a session id, and it resets headers on some containers.
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", location);
        response.setContentLength(0);
    }

    @Override
    public void send(int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            }
        }
    }
}
