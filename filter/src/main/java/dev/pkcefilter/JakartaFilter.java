package dev.pkcefilter;

import dev.pkcefilter.internal.engine.LoginEngine;
import dev.pkcefilter.internal.servlet.JakartaExchange;
import dev.pkcefilter.internal.servlet.JakartaSession;
import dev.pkcefilter.internal.servlet.JakartaSettingsSource;
import dev.pkcefilter.internal.servlet.JakartaSignedInRequest;
import dev.pkcefilter.internal.web.StoreUnavailable;
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

/**
 * The body of {@link dev.pkcefilter.jakarta.PkceFilter}, the filter for {@code jakarta.servlet}
 * containers: register that class, not this one. It lives beside the API because it is the one place
 * where the app's {@link FilterSettings} are handed to the engine ({@code dev.pkcefilter.internal}),
 * whose types no API signature names.
 *
 * <p>The {@code javax} body ({@code JavaxFilter}, with its adapters) is generated from this source at
 * build time, with the servlet namespace rewritten; edit this one.
 */
public abstract class JakartaFilter implements Filter {

    /** The init-param naming the properties file. */
    public static final String CONFIG_PARAM = JakartaSettingsSource.CONFIG_PARAM;
    /** The system property naming the properties file, when the init-param does not. */
    public static final String CONFIG_PROPERTY = JakartaSettingsSource.CONFIG_PROPERTY;
    /** The environment variable naming the properties file, when neither the init-param nor a system property does. */
    public static final String CONFIG_ENV = JakartaSettingsSource.CONFIG_ENV;
    /** The properties file used when nothing names one. */
    public static final String DEFAULT_LOCATION = JakartaSettingsSource.DEFAULT_LOCATION;

    private final FilterSettings presetSettings;
    private volatile LoginEngine engine;

    /** For {@code web.xml}: settings come from the properties file named at {@link #init}. */
    protected JakartaFilter() {
        this.presetSettings = null;
    }

    /**
     * For registration in code (Spring, embedded containers).
     *
     * @param settings the validated settings; not null
     */
    protected JakartaFilter(FilterSettings settings) {
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
    public final void init(FilterConfig config) throws ServletException {
        FilterSettings settings = presetSettings != null ? presetSettings : loadSettings(config);
        String name = config.getFilterName() == null ? "pkce-filter" : config.getFilterName();
        engine = LoginEngine.start(settings.internal(), name);
    }

    private static FilterSettings loadSettings(FilterConfig config) {
        return FilterSettings.fromProperties(JakartaSettingsSource.of(config.getFilterName(),
                config.getInitParameter(CONFIG_PARAM), config.getServletContext()).read());
    }

    @Override
    public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
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
            Object user;
            boolean admitted;
            try {
                HttpSession session = http.getSession(false);
                user = session == null ? null : session.getAttribute(current.sessionUserKey());
                admitted = user instanceof SignedInUser && current.admits((SignedInUser) user,
                        current.needsPathWithinApp() ? JakartaExchange.pathWithinApp(http) : null, http.getRequestURI(),
                        http.getContextPath());
            } catch (RuntimeException e) {
                // A shared session store (or cluster.store) that is down: 503, never the container's 500 page. What
                // JakartaSession.failed keeps as it is (a session ended meanwhile) is not the store's failure.
                RuntimeException failure = JakartaSession.failed(e);
                if (!(failure instanceof StoreUnavailable)) {
                    throw failure;
                }
                current.storeUnavailable(new JakartaExchange(http, (HttpServletResponse) response), (StoreUnavailable) failure);
                return;
            }
            if (admitted) {
                chain.doFilter(new JakartaSignedInRequest(http, (SignedInUser) user, current), response);
                return;
            }
        }
        current.handle(new JakartaExchange(http, (HttpServletResponse) response));
    }

    @Override
    public final void destroy() {
        LoginEngine stopping = engine;
        engine = null;
        if (stopping != null) {
            stopping.stop();
        }
    }
}
