package dev.pkcefilter.example.webapp;

import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * What the server's own security sees of the user the filter signed in: JAX-RS's {@link SecurityContext} names
 * them, and {@code @RolesAllowed} admits or refuses them by the roles the filter read from the ID token.
 */
@Path("/whoami")
public class WhoAmI {

    /**
     * @return for anyone the filter let through: who JAX-RS's {@link SecurityContext} and the servlet request it
     *     was given say the caller is, and whether they are in {@code staff}; the two differ on a server whose
     *     JAX-RS layer reads another request than the one the filter passed on
     */
    @GET
    @Produces("text/plain")
    public String whoAmI(@Context SecurityContext security, @Context HttpServletRequest request) {
        return "security context: " + name(security.getUserPrincipal()) + ", staff " + security.isUserInRole("staff")
                + "; servlet request: " + name(request.getUserPrincipal()) + ", staff " + request.isUserInRole("staff") + "\n";
    }

    /** @return the signed-in user's name, for members of {@code staff} only */
    @GET
    @Path("staff")
    @Produces("text/plain")
    @RolesAllowed("staff")
    public String staff(@Context SecurityContext security) {
        return "staff member " + security.getUserPrincipal().getName() + "\n";
    }

    /** @return the same, for members of {@code auditor} only: a role the example's user does not have */
    @GET
    @Path("auditors")
    @Produces("text/plain")
    @RolesAllowed("auditor")
    public String auditors(@Context SecurityContext security) {
        return "auditor " + security.getUserPrincipal().getName() + "\n";
    }

    private static String name(Principal principal) {
        return principal == null ? "nobody" : principal.getName();
    }
}
