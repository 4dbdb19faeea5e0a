package dev.pkcefilter.internal.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A servlet-free view of one request and its response, implemented by each servlet adapter
 * (jakarta, javax) so that {@link LoginEngine} never sees a servlet type.
 */
public interface WebExchange {

    /** @return the HTTP method, upper case */
    String method();

    /** @return the request URI as sent (path only, not decoded), including the context path */
    String requestUri();

    /** @return the context path, empty for the root context */
    String contextPath();

    /**
     * @return the path within the app as the container maps it (servlet path and path info): decoded, without
     *     path parameters or dot segments, so that a rule on it cannot be dodged by {@code /admin;x} or
     *     {@code /%61dmin}
     */
    String pathWithinApp();

    /** @return the raw query string, when the request has one */
    Optional<String> query();

    /**
     * @param name a header name, case-insensitive
     * @return the header's first value, when present
     */
    Optional<String> header(String name);

    /**
     * @param name a header name, case-insensitive
     * @return every value line of the header, in order; empty when absent
     */
    List<String> headers(String name);

    /** @return the immediate peer's IP address, as the container saw it */
    String remoteAddress();

    /**
     * @param name a parameter of a form-encoded POST body
     * @return its first value, when present
     */
    Optional<String> formParameter(String name);

    /**
     * @return every parameter of the request, each with its values in order: for a form-encoded POST, its
     *     body's (and the query's, which a form_post callback must not have)
     */
    Map<String, List<String>> parameters();

    /**
     * @param name a cookie name
     * @return the value of the first request cookie with that name, when present
     */
    Optional<String> cookie(String name);

    /** @return the scheme the container saw ({@code http} or {@code https}) */
    String scheme();

    /** @return the host the container saw (the Host header, without port) */
    String host();

    /** @return the port the container saw */
    int port();

    /** @return the request's session, when one exists; never creates one */
    Optional<WebSession> session();

    /** @return the request's session, created when there is none */
    WebSession createSession();

    /** @return whether the request carried a session id (cookie or URL), valid or not */
    boolean sessionIdRequested();

    /**
     * Sets a response header, replacing earlier values.
     *
     * @param name the header name
     * @param value the value; must not contain CR or LF
     */
    void setHeader(String name, String value);

    /**
     * Adds a response header, keeping earlier values (a second {@code Set-Cookie}).
     *
     * @param name the header name
     * @param value the value; must not contain CR or LF
     */
    void addHeader(String name, String value);

    /**
     * Makes the session cookie this response sets (if any) fit a login: {@code SameSite=Lax}, so it
     * comes back with the provider's top-level redirect, {@code Secure} when the browser sees
     * https even though the container may see plain http behind a TLS-terminating proxy, and the
     * {@code Path} the browser sees (see {@link SessionCookie#harden}).
     *
     * @param secure whether the external scheme is https
     * @param path the path of the app's root as the browser sees it, {@code /} for the root; not null
     */
    void hardenSessionCookie(boolean secure, String path);

    /**
     * Sends a 302 redirect. Headers set before are kept.
     *
     * @param location an absolute URL or an absolute path
     * @throws IOException when the response cannot be written
     */
    void redirect(String location) throws IOException;

    /**
     * Sends a complete response body.
     *
     * @param status the HTTP status
     * @param contentType the content type, with charset
     * @param body the body, UTF-8
     * @throws IOException when the response cannot be written
     */
    void send(int status, String contentType, String body) throws IOException;
}
