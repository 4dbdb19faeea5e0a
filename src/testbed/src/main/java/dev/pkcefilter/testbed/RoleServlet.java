package dev.pkcefilter.testbed;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.SignedInUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/role?name=X}: {@code {"inRole":<request.isUserInRole(X)>,"roles":[...],"remoteUser":...}}, the
 * roles being {@link SignedInUser#roles()} (an empty list when the request carries no user) and the remote user
 * {@code request.getRemoteUser()} (absent without one).
 */
final class RoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        Object user = request.getAttribute(SignedInUser.REQUEST_ATTRIBUTE);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("inRole", name != null && request.isUserInRole(name));
        json.put("roles", user instanceof SignedInUser ? List.copyOf(((SignedInUser) user).roles()) : List.of());
        if (request.getRemoteUser() != null) {
            json.put("remoteUser", request.getRemoteUser());
        }
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSONObjectUtils.toJSONString(json));
    }
}
