package dev.pkcefilter.jakarta;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.LoginEngine;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.SignedInUser;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;

/**
 * The filter for {@code jakarta.servlet} containers (Servlet 5.0 and later). Signs users in with
 * OpenID Connect, authorization code flow bound by PKCE, and passes signed-in requests on with
 * {@link HttpServletRequest#getUserPrincipal()}, {@link HttpServletRequest#getRemoteUser()},
 * {@link HttpServletRequest#isUserInRole(String)}, the {@link SignedInUser} as request attribute
 * {@value SignedInUser#REQUEST_ATTRIBUTE} and a {@link dev.pkcefilter.TokenAccess}.
 *
 * <p>In {@code web.xml}, the init-param {@value #CONFIG_PARAM} names the properties file (a path
 * or {@code classpath:name}); the system property {@value #CONFIG_PROPERTY} overrides it. In code,
 * pass {@link FilterSettings} to the constructor.
 *
 * <p>The {@code dev.pkcefilter.javax} adapter is generated from this source at build time, with
 * the servlet namespace rewritten; edit this one.
 */
public final class PkceFilter implements Filter {

    /** The init-param naming the properties file. */
    public static final String CONFIG_PARAM = "config";
    /** The system property naming the properties file; it overrides the init-param. */
    public static final String CONFIG_PROPERTY = "pkcefilter.config";

    private final FilterSettings presetSettings;
    private volatile LoginEngine engine;

    /** For {@code web.xml}: settings come from the properties file named at {@link #init}. */
    public PkceFilter() {
        this.presetSettings = null;
    }

    /**
     * For registration in code (Spring, embedded containers).
     *
     * @param settings the validated settings; not null
     */
    public PkceFilter(FilterSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        this.presetSettings = settings;
    }

    /**
     * Validates the settings and discovers the provider.
     *
     * @throws SettingsException when the settings or the provider's metadata are unusable, which
     *     stops the app from starting with a message naming each problem
     */
    @Override
    public void init(FilterConfig config) throws ServletException {
        FilterSettings settings = presetSettings != null ? presetSettings : loadSettings(config);
        String name = config.getFilterName() == null ? "pkce-filter" : config.getFilterName();
        engine = LoginEngine.start(settings, name);
    }

    private static FilterSettings loadSettings(FilterConfig config) {
        String location = System.getProperty(CONFIG_PROPERTY);
        if (location == null) {
            location = config.getInitParameter(CONFIG_PARAM);
        }
        if (location == null) {
            throw new SettingsException(Collections.singletonList("config: expected the init-param '" + CONFIG_PARAM
                    + "' or the system property '" + CONFIG_PROPERTY + "' to name a properties file, found neither"));
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return FilterSettings.load(location, loader != null ? loader : PkceFilter.class.getClassLoader());
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        LoginEngine current = engine;
        if (current == null) {
            throw new ServletException("pkce-filter was not initialised (init() did not run or failed)");
        }
        if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest http = (HttpServletRequest) request;
        // The hot path: a signed-in request costs a path comparison, a session lookup and the wrapper.
        if (!current.isEnginePath(http.getRequestURI(), http.getContextPath())) {
            HttpSession session = http.getSession(false);
            Object user = session == null ? null : session.getAttribute(current.sessionUserKey());
            if (user instanceof SignedInUser && current.isCurrent((SignedInUser) user)) {
                chain.doFilter(new SignedInRequest(http, (SignedInUser) user, current), response);
                return;
            }
        }
        current.handle(new ServletExchange(http, (HttpServletResponse) response));
    }

    @Override
    public void destroy() {
        engine = null;
    }
}
