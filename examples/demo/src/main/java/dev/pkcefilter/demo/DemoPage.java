package dev.pkcefilter.demo;

import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.TokenUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeSet;

/**
 * The demo's page, on every path the app has no other servlet for: whom the filter signed in (by name, else
 * user name, else subject), their roles, when their ID token expires, a link to their claims and a log-out
 * button (a POST form, as the filter's logout wants). Links are relative, so they stay under a proxy's prefix.
 * At {@code api}, with the embedded provider, the result of calling the demo's own API with the user's access
 * token ({@link ApiDemo}).
 */
final class DemoPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String STYLE = "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;"
            + "padding:0 1em;color:#1d1d1f}h1{font-size:1.5em}dt{font-weight:600}dd{margin:0 0 .6em}"
            + "a{color:#0a58ca}button{font:inherit;padding:.3em 1em;border-radius:6px;border:1px solid #888;"
            + "background:#f5f5f7;cursor:pointer}code{background:#f1f1f3;padding:0 .25em;border-radius:3px}</style>";

    /** The filter's logout path within the app, without its leading slash. */
    private final String logoutPath;

    /** The API page's resource; null when the demo runs against another provider. */
    private final transient ApiDemo api;

    /** @param logoutPath the filter's {@code logout.path}, such as {@code /oauth2/logout} */
    DemoPage(String logoutPath) {
        this(logoutPath, null);
    }

    /**
     * @param logoutPath the filter's {@code logout.path}, such as {@code /oauth2/logout}
     * @param api the resource the API page calls, or null for none
     */
    DemoPage(String logoutPath, ApiDemo api) {
        this.logoutPath = logoutPath.substring(1);
        this.api = api;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Object user = request.getAttribute(SignedInUser.REQUEST_ATTRIBUTE);
        String pathWithinApp = request.getRequestURI().substring(request.getContextPath().length());
        String toRoot = relativeRoot(pathWithinApp);
        if ("/api".equals(pathWithinApp) && user instanceof SignedInUser) {
            response.getWriter().write(apiPage((TokenAccess) request.getAttribute(TokenAccess.REQUEST_ATTRIBUTE), toRoot));
            return;
        }
        response.getWriter().write(user instanceof SignedInUser ? page((SignedInUser) user, toRoot)
                : "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pkce-filter demo</title>" + STYLE
                        + "</head><body><h1>Not signed in</h1></body></html>\n");
    }

    /** @param toRoot the relative way from this page to the app's root, such as {@code ./} or {@code ../} */
    String page(SignedInUser user, String toRoot) {
        Object roles = user.roles().isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(user.roles()));
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width\"><title>pkce-filter demo</title>" + STYLE
                + "</head>\n<body>\n<h1>Hello, " + escape(displayName(user)) + "</h1>\n<dl>\n"
                + "<dt>Subject</dt><dd><code>" + escape(user.subject()) + "</code></dd>\n"
                + "<dt>Roles</dt><dd>" + escape(String.valueOf(roles)) + "</dd>\n"
                + "<dt>ID token expires</dt><dd>" + escape(expiry(user.claims())) + "</dd>\n"
                + "</dl>\n<p><a href=\"" + toRoot + "me\">Your claims</a>"
                + (api == null ? "" : " · <a href=\"" + toRoot + "api\">Call the API with your access token</a>") + "</p>\n"
                + "<form method=\"post\" action=\"" + toRoot + escape(logoutPath) + "\"><button type=\"submit\">Log out</button>"
                + "</form>\n</body></html>\n";
    }

    /** The API page: the call's status and answer, and which token it used. */
    String apiPage(TokenAccess tokens, String toRoot) throws IOException {
        String result;
        if (api == null) {
            result = "<p>The API page needs the embedded provider (run the demo without <code>--config</code>).</p>";
        } else {
            try {
                ApiDemo.Outcome outcome = api.call(tokens);
                result = "<dl>\n<dt>Answer</dt><dd>HTTP " + outcome.status() + "</dd>\n<dt>Access token (SHA-256, first 12 digits)"
                        + "</dt><dd><code>" + outcome.tokenHash() + "</code>" + (outcome.refreshedAfter401()
                                ? " (the API rejected the previous one; refreshed and called again)" : "") + "</dd>\n"
                        + "<dt>Body</dt><dd><code>" + escape(outcome.body()) + "</code></dd>\n</dl>\n"
                        + "<p>The token is refreshed shortly before it expires: reload after its lifetime and the hash changes.</p>";
            } catch (TokenUnavailableException e) {
                result = "<p>No access token: " + escape(e.getMessage()) + "</p>";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                result = "<p>Interrupted.</p>";
            }
        }
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pkce-filter demo: API</title>" + STYLE
                + "</head>\n<body>\n<h1>Your API call</h1>\n" + result + "\n<p><a href=\"" + toRoot + "\">Back</a></p>\n</body></html>\n";
    }

    /** @return the user's name, else user name, else subject: Keycloak's subject is a UUID nobody knows */
    static String displayName(SignedInUser user) {
        for (String claim : new String[] {"name", "preferred_username"}) {
            Object value = user.claims().get(claim);
            if (value instanceof String && !((String) value).isBlank()) {
                return (String) value;
            }
        }
        return user.subject();
    }

    /** @return {@code ./} for a page at the app's root or one level below it, and one {@code ../} per level beyond */
    static String relativeRoot(String pathWithinApp) {
        long depth = pathWithinApp.chars().filter(c -> c == '/').count();
        return depth <= 1 ? "./" : "../".repeat((int) depth - 1);
    }

    private static String expiry(Map<String, Object> claims) {
        Object exp = claims.get("exp");
        if (exp instanceof Date) {
            return ((Date) exp).toInstant().toString();
        }
        return exp instanceof Number ? Instant.ofEpochSecond(((Number) exp).longValue()).toString() : "(not given)";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
