package dev.pkcefilter.testbed;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A browser at the HTTP level, for tests: keeps cookies, never follows a redirect on its own, and records
 * every response it receives so a test can scan all pages and {@code Location} headers afterwards.
 *
 * <p>Each instance has its own cookies: two instances are two browsers. Sends a browser's {@code Accept}
 * header unless the caller sets one. Requests time out after 10 seconds.
 */
public final class ScriptedBrowser {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String ACCEPT_HTML = "text/html,application/xhtml+xml,*/*;q=0.8";

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private final List<Response> history = new CopyOnWriteArrayList<>();

    /** A browser that trusts the JVM's default certificate authorities. */
    public ScriptedBrowser() {
        this(clientBuilder());
    }

    /**
     * A browser for {@code https} servers with test certificates, such as a local TLS proxy's self-signed one.
     * Host names are still checked against the certificate.
     *
     * @param sslContext decides which server certificates are trusted; not null
     */
    public ScriptedBrowser(SSLContext sslContext) {
        this(clientBuilder().sslContext(Objects.requireNonNull(sslContext, "sslContext")));
    }

    private ScriptedBrowser(HttpClient.Builder builder) {
        this.client = builder.cookieHandler(cookies).build();
    }

    private static HttpClient.Builder clientBuilder() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1);
    }

    /**
     * @param url an absolute URL; not null
     * @return the response, not followed if it is a redirect
     * @throws IllegalStateException when the request fails at the HTTP level (refused, timed out)
     */
    public Response get(String url) {
        return get(url, Map.of());
    }

    /**
     * @param url an absolute URL; not null
     * @param headers extra request headers; not null
     * @return the response, not followed if it is a redirect
     * @throws IllegalStateException when the request fails at the HTTP level
     */
    public Response get(String url, Map<String, String> headers) {
        return send(request(url, headers).GET().build());
    }

    /**
     * Sends a GET whose {@code Host} header names another host than the URL, as a client lying about the
     * host can. Written on a plain socket ({@link RawHttpGet}): {@code java.net.http} refuses a {@code Host}
     * header unless a JVM-wide property was set before its first request. Sends this browser's
     * {@code Accept} header and no cookies; records the response like any other.
     *
     * @param url an absolute {@code http} URL, where the request goes; not null
     * @param host the {@code Host} header to send instead of the URL's; not null
     * @return the response, not followed if it is a redirect
     * @throws IllegalStateException when the request fails at the HTTP level
     */
    public Response getWithHostHeader(String url, String host) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", Objects.requireNonNull(host, "host"));
        headers.put("Accept", ACCEPT_HTML);
        try {
            Response response = RawHttpGet.send(URI.create(url), headers);
            history.add(response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + " with Host " + host + " failed", e);
        }
    }

    /**
     * Posts {@code application/x-www-form-urlencoded} data.
     *
     * @param url an absolute URL; not null
     * @param form the fields, encoded in the map's iteration order; not null
     * @return the response, not followed if it is a redirect
     * @throws IllegalStateException when the request fails at the HTTP level
     */
    public Response postForm(String url, Map<String, String> form) {
        return postForm(url, form, Map.of());
    }

    /**
     * Posts {@code application/x-www-form-urlencoded} data with extra headers, such as {@code Authorization}.
     *
     * @param url an absolute URL; not null
     * @param form the fields, encoded in the map's iteration order; not null
     * @param headers extra request headers; not null
     * @return the response, not followed if it is a redirect
     * @throws IllegalStateException when the request fails at the HTTP level
     */
    public Response postForm(String url, Map<String, String> form, Map<String, String> headers) {
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        allHeaders.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
        String body = form.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(url, allHeaders)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /**
     * Requests the target of a redirect with GET, as a browser does after 302 and 303.
     *
     * @param redirect a response with a {@code Location} header; not null
     * @return the response to that request
     * @throws IllegalStateException when {@code redirect} has no {@code Location}, or the request fails
     */
    public Response follow(Response redirect) {
        return get(redirect.location());
    }

    /**
     * Signs in at the provider: follows {@code redirectToAuthorizeEndpoint} and the provider's own redirects,
     * submits its login form (with its {@code _csrf} field) once, and stops at the first redirect that leaves
     * the provider's origin. That URL, the app's callback, is returned without being requested, so the test
     * decides what happens to it. A browser already signed in at the provider skips the form.
     *
     * @param redirectToAuthorizeEndpoint the app's redirect to the provider's authorization endpoint; not null
     * @param user the username; not null
     * @param password the password; not null
     * @return the absolute callback URL, with {@code code}, {@code state} (and {@code iss}) as the provider
     *     sent them
     * @throws IllegalStateException when the provider does not redirect out of its origin, for example after
     *     wrong credentials
     */
    public String signInAtProvider(Response redirectToAuthorizeEndpoint, String user, String password) {
        Response last = signIn(redirectToAuthorizeEndpoint, user, password);
        if (!last.isRedirect() || sameOrigin(URI.create(last.location()), URI.create(redirectToAuthorizeEndpoint.location()))) {
            throw new IllegalStateException("sign-in at the provider did not lead out of " + origin(last.uri())
                    + ": stopped at status " + last.status() + " for " + last.uri().getPath());
        }
        return last.location();
    }

    /**
     * Signs in at the provider as {@link #signInAtProvider} does, for a login that asked for
     * {@code response_mode=form_post}: the provider's last page is a form the browser would POST by itself.
     *
     * @return that form, not submitted, so the test decides what happens to it
     * @throws IllegalStateException when the provider answers anything else
     */
    public AutoPostedForm signInAtProviderForFormPost(Response redirectToAuthorizeEndpoint, String user, String password) {
        Response last = signIn(redirectToAuthorizeEndpoint, user, password);
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"")
                .matcher(last.body());
        if (last.status() != 200 || !action.find()) {
            throw new IllegalStateException("the provider answered no form_post page: status " + last.status() + " for "
                    + last.uri().getPath());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        java.util.regex.Matcher field = java.util.regex.Pattern.compile(
                "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(last.body());
        while (field.find()) {
            fields.put(field.group(1), Html.unescape(field.group(2)));
        }
        return new AutoPostedForm(Html.unescape(action.group(1)), fields);
    }

    /** A form a page POSTs by itself (OAuth 2.0 Form Post Response Mode): where to, and its fields in order. */
    public record AutoPostedForm(String action, Map<String, String> fields) {
    }

    /** @return the first response that redirects out of the provider's origin, or the first page that is not its login form */
    private Response signIn(Response redirectToAuthorizeEndpoint, String user, String password) {
        URI authorize = URI.create(redirectToAuthorizeEndpoint.location());
        Response current = redirectToAuthorizeEndpoint;
        boolean submitted = false;
        for (int step = 0; step < 10; step++) {
            if (current.isRedirect()) {
                if (!sameOrigin(URI.create(current.location()), authorize)) {
                    return current;
                }
                current = follow(current);
            } else if (current.status() == 200 && !submitted && LoginForm.isPresent(current.body())) {
                current = LoginForm.parse(current).submit(this, user, password);
                submitted = true;
            } else {
                return current;
            }
        }
        return current;
    }

    /** Forgets every cookie called {@code name}, whatever its host or path. */
    public void deleteCookie(String name) {
        Objects.requireNonNull(name, "name");
        // getCookies() is a live view of the store; removing while iterating it would fail.
        for (HttpCookie cookie : List.copyOf(cookies.getCookieStore().getCookies())) {
            if (cookie.getName().equals(name)) {
                cookies.getCookieStore().remove(null, cookie);
            }
        }
    }

    /**
     * @param host a host name or IP literal, such as {@code 127.0.0.1}; not null
     * @param name the cookie name; not null
     * @return the value this browser would send to that host, or empty
     */
    public Optional<String> cookie(String host, String name) {
        Objects.requireNonNull(name, "name");
        return cookies.getCookieStore().get(URI.create("http://" + host + "/")).stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst();
    }

    /** @return every response received so far, oldest first; a snapshot */
    public List<Response> history() {
        return List.copyOf(history);
    }

    /**
     * @param url an absolute URL; not null
     * @return its query parameters, decoded, first value of each, in order; empty without a query
     */
    public static Map<String, String> queryParameters(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String query = URI.create(url).getRawQuery();
        if (query == null || query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.putIfAbsent(decode(name), decode(value));
        }
        return parameters;
    }

    private HttpRequest.Builder request(String url, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
        if (headers.keySet().stream().noneMatch("Accept"::equalsIgnoreCase)) {
            builder.header("Accept", ACCEPT_HTML);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> raw = client.send(request, HttpResponse.BodyHandlers.ofString());
            Response response = new Response(raw.statusCode(), raw.headers().map(), raw.body(), raw.uri());
            history.add(response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(request.method() + " " + request.uri() + " interrupted", e);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return origin(a).equals(origin(b));
    }

    private static String origin(URI uri) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /**
     * One response as the browser saw it.
     *
     * @param status the HTTP status
     * @param headers the response headers; unmodifiable, use {@link #header} for case-insensitive lookup
     * @param body the body as text; empty when there was none
     * @param uri the URI that was requested
     */
    public record Response(int status, Map<String, List<String>> headers, String body, URI uri) {

        /** Copies the headers; rejects nulls. */
        public Response {
            headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(uri, "uri");
        }

        /**
         * @param name a header name, any case; not null
         * @return the header's first value, or empty
         */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(header -> header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty())
                    .map(header -> header.getValue().get(0))
                    .findFirst();
        }

        /** @return whether the status is 3xx and a {@code Location} header is present */
        public boolean isRedirect() {
            return status / 100 == 3 && header("Location").isPresent();
        }

        /**
         * @return the {@code Location} header resolved against {@link #uri()}, as an absolute URL
         * @throws IllegalStateException when the response has no {@code Location} header
         */
        public String location() {
            String location = header("Location").orElseThrow(() -> new IllegalStateException(
                    "no Location header in the " + status + " response for " + uri.getPath()));
            return uri.resolve(location).toString();
        }
    }
}
