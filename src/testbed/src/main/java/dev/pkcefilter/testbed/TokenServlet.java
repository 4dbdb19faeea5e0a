package dev.pkcefilter.testbed;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.TokenUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code /api/token}: what an app does before calling an API for the user. Gets the access token through
 * {@link TokenAccess} and answers {@code {"sha256":"<hex>"}}, a digest by which tests can tell tokens apart
 * without the token itself ever leaving the server. 401 when the user must sign in again, 503 when the
 * provider is only unreachable for now, both with the exception's message (the filter's own words).
 */
final class TokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object tokens = request.getAttribute(TokenAccess.REQUEST_ATTRIBUTE);
        if (!(tokens instanceof TokenAccess)) {
            send(response, HttpServletResponse.SC_UNAUTHORIZED, Map.of("error", "not signed in"));
            return;
        }
        try {
            String accessToken = ((TokenAccess) tokens).accessToken();
            send(response, HttpServletResponse.SC_OK, Map.of("sha256", sha256Hex(accessToken)));
        } catch (TokenUnavailableException e) {
            int status = e.loginRequired()
                    ? HttpServletResponse.SC_UNAUTHORIZED : HttpServletResponse.SC_SERVICE_UNAVAILABLE;
            send(response, status, Map.of("error", e.loginRequired() ? "login_required" : "temporarily_unavailable",
                    "message", String.valueOf(e.getMessage())));
        }
    }

    private static void send(HttpServletResponse response, int status, Map<String, Object> json) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSONObjectUtils.toJSONString(json));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
