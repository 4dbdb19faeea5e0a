package dev.pkcefilter.example.webapp;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The example app's one page, on every path: says who is signed in ({@link HttpServletRequest#getRemoteUser()},
 * which the filter sets from the ID token's {@code sub}) and offers the filter's logout.
 *
 * <p>Written against {@code jakarta.servlet}; the javax WAR's copy is generated from this source at build time.
 */
public final class SignedInUserPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The filter sends everyone else to the provider, so a null user here means the filter is not mapped.
        String user = request.getRemoteUser() == null ? "nobody (is the filter mapped?)" : request.getRemoteUser();
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("<!DOCTYPE html>\n<html><head><title>pkce-filter example</title></head><body>\n"
                + "<h1>Signed in as <span id=\"user\">" + escape(user) + "</span></h1>\n"
                + "<form method=\"post\" action=\"" + escape(request.getContextPath()) + "/oauth2/logout\">"
                + "<button>Log out</button></form>\n"
                + "</body></html>\n");
    }

    /** The subject is the provider's choice and the context path the deployer's: neither is trusted markup. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<': escaped.append("&lt;"); break;
                case '>': escaped.append("&gt;"); break;
                case '&': escaped.append("&amp;"); break;
                case '"': escaped.append("&quot;"); break;
                case '\'': escaped.append("&#39;"); break;
                default: escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
