package dev.pkcefilter.internal.servlet;

import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.internal.engine.LoginEngine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpSession;
import java.security.Principal;

/** A request of a signed-in user, as the app sees it: principal, remote user and the user attribute. */
public final class JakartaSignedInRequest extends HttpServletRequestWrapper {

    private final SignedInUser user;
    private final LoginEngine engine;

    public JakartaSignedInRequest(HttpServletRequest request, SignedInUser user, LoginEngine engine) {
        super(request);
        this.user = user;
        this.engine = engine;
    }

    @Override
    public boolean isUserInRole(String role) {
        return user.roles().contains(role);
    }

    @Override
    public Principal getUserPrincipal() {
        return user;
    }

    @Override
    public String getRemoteUser() {
        return user.getName();
    }

    @Override
    public String getAuthType() {
        return "OIDC";
    }

    // Answered here rather than stored with setAttribute: no map write, and no token accessor
    // made, on the hot path unless the app asks.
    @Override
    public Object getAttribute(String name) {
        if (SignedInUser.REQUEST_ATTRIBUTE.equals(name)) {
            return user;
        }
        if (TokenAccess.REQUEST_ATTRIBUTE.equals(name)) {
            HttpSession session = getSession(false);
            return session == null ? null : engine.tokenAccess(new JakartaSession(this, session));
        }
        return super.getAttribute(name);
    }
}
