package dev.pkcefilter.demo;

import dev.pkcefilter.SignedInUser;
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
 */
final class DemoPage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String STYLE = "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:3em auto;"
            + "padding:0 1em;color:#1d1d1f}h1{font-size:1.5em}dt{font-weight:600}dd{margin:0 0 .6em}"
            + "a{color:#0a58ca}button{font:inherit;padding:.3em 1em;border-radius:6px;border:1px solid #888;"
            + "background:#f5f5f7;cursor:pointer}code{background:#f1f1f3;padding:0 .25em;border-radius:3px}</style>";

    /** The filter's logout path within the app, without its leading slash. */
    private final String logoutPath;

    /** @param logoutPath the filter's {@code logout.path}, such as {@code /oauth2/logout} */
    DemoPage(String logoutPath) {
        this.logoutPath = logoutPath.substring(1);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Object user = request.getAttribute(SignedInUser.REQUEST_ATTRIBUTE);
        String toRoot = relativeRoot(request.getRequestURI().substring(request.getContextPath().length()));
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
                + "</dl>\n<p><a href=\"" + toRoot + "me\">Your claims</a></p>\n"
                + "<form method=\"post\" action=\"" + toRoot + escape(logoutPath) + "\"><button type=\"submit\">Log out</button>"
                + "</form>\n</body></html>\n";
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
