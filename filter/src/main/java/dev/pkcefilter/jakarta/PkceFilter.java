package dev.pkcefilter.jakarta;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.JakartaFilter;
import dev.pkcefilter.SignedInUser;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The filter for {@code jakarta.servlet} containers (Servlet 5.0 and later). Signs users in with
 * OpenID Connect, authorization code flow bound by PKCE, and passes signed-in requests on with
 * {@link HttpServletRequest#getUserPrincipal()}, {@link HttpServletRequest#getRemoteUser()},
 * {@link HttpServletRequest#isUserInRole(String)}, the {@link SignedInUser} as request attribute
 * {@value SignedInUser#REQUEST_ATTRIBUTE} and a {@link dev.pkcefilter.TokenAccess}.
 *
 * <p>Registered in {@code web.xml}, it reads its settings from the first properties file named by:
 * the system property {@code pkcefilter.config.<filter-name>} (an operator's override for one
 * filter), the init-param {@value #CONFIG_PARAM}, the system property {@value #CONFIG_PROPERTY},
 * the environment variable {@value #CONFIG_ENV}, else {@value #DEFAULT_LOCATION}. A location is a
 * file path, {@code classpath:name}, or a {@code /WEB-INF/} resource of the web app. In code, pass
 * {@link FilterSettings} to the constructor.
 *
 * <p>The {@code dev.pkcefilter.javax} filter is generated from this source at build time, with the
 * servlet namespace rewritten; edit this one. Its body is {@link JakartaFilter}.
 */
public final class PkceFilter extends JakartaFilter {

    /** For {@code web.xml}: settings come from the properties file named at {@link #init}. */
    public PkceFilter() {
        super();
    }

    /**
     * For registration in code (Spring, embedded containers).
     *
     * @param settings the validated settings; not null
     */
    public PkceFilter(FilterSettings settings) {
        super(settings);
    }
}
