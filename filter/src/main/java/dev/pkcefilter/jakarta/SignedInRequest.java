package dev.pkcefilter.jakarta;

import dev.pkcefilter.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;

/** A request of a signed-in user, as the app sees it: principal, remote user and the user attribute. */
final class SignedInRequest extends HttpServletRequestWrapper {

    private final SignedInUser user;

    SignedInRequest(HttpServletRequest request, SignedInUser user) {
        super(request);
        this.user = user;
    }

    @Override
    public Principal getUserPrincipal() {
        return user;
    }

    @Override
    public String getRemoteUser() {
        return user.subject();
    }

    @Override
    public String getAuthType() {
        return "OIDC";
    }

    // Answered here rather than stored with setAttribute: no map write on the hot path.
    @Override
    public Object getAttribute(String name) {
        return SignedInUser.REQUEST_ATTRIBUTE.equals(name) ? user : super.getAttribute(name);
    }
}
