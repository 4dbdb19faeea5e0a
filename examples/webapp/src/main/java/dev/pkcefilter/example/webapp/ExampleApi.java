package dev.pkcefilter.example.webapp;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * The example's JAX-RS application, for full Jakarta EE (and Java EE) servers, which bring JAX-RS: its
 * {@code @RolesAllowed} checks ask {@code isUserInRole}, which the filter answers from its {@code roles.claim}.
 * Servlet containers without JAX-RS (Tomcat, Jetty) never load it.
 *
 * <p>Written against {@code jakarta.ws.rs}; the javax WAR's copy is generated from this source at build time.
 */
@ApplicationPath("/api")
public class ExampleApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Collections.<Class<?>>singleton(WhoAmI.class);
    }

    /**
     * Jersey (Payara, GlassFish) enforces {@code @RolesAllowed} on plain resources only with this feature; the
     * name is a string, so the WAR depends on no JAX-RS implementation. RESTEasy (WildFly) reads its own switch,
     * {@code resteasy.role.based.security}, from {@code web.xml}.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Collections.<String, Object>singletonMap("jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
