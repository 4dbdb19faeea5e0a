package dev.pkcefilter.testbed;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.SignedInUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/** {@code /me}: the signed-in user's claims as a JSON object; 401 when the request carries no user. */
final class ClaimsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Object user = request.getAttribute(SignedInUser.REQUEST_ATTRIBUTE);
        if (!(user instanceof SignedInUser)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.getWriter().write(JSONObjectUtils.toJSONString(Map.of("error", "not signed in")));
            return;
        }
        response.getWriter().write(JSONObjectUtils.toJSONString(((SignedInUser) user).claims()));
    }
}
