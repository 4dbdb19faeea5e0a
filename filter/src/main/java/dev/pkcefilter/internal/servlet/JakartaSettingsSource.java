package dev.pkcefilter.internal.servlet;

import dev.pkcefilter.SettingsException;
import dev.pkcefilter.internal.settings.SettingsFile;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Properties;

/**
 * Where a filter declared by its class name ({@code web.xml}) reads its settings, for the filter's {@code init} and
 * for the check when the web app starts, so that both read the same file: the first location named by the system
 * property {@code pkcefilter.config.<filter-name>}, the init-param {@code config}, the system property
 * {@code pkcefilter.config}, the environment variable {@code PKCEFILTER_CONFIG}, else
 * {@code /WEB-INF/pkce-filter.properties}.
 */
public final class JakartaSettingsSource {

    /** The init-param naming the properties file. */
    public static final String CONFIG_PARAM = "config";
    /** The system property naming the properties file, when the init-param does not. */
    public static final String CONFIG_PROPERTY = "pkcefilter.config";
    /** The environment variable naming the properties file, when neither the init-param nor a system property does. */
    public static final String CONFIG_ENV = "PKCEFILTER_CONFIG";
    /** The properties file used when nothing names one. */
    public static final String DEFAULT_LOCATION = "/WEB-INF/pkce-filter.properties";

    private final String location;
    private final ServletContext context;

    private JakartaSettingsSource(String location, ServletContext context) {
        this.location = location;
        this.context = context;
    }

    /**
     * @param filterName the filter's name in the web app
     * @param configParam its init-param {@value #CONFIG_PARAM}, or null
     * @param context the web app, for {@code /WEB-INF/} locations
     */
    public static JakartaSettingsSource of(String filterName, String configParam, ServletContext context) {
        return new JakartaSettingsSource(firstOf(System.getProperty(CONFIG_PROPERTY + "." + filterName), configParam,
                System.getProperty(CONFIG_PROPERTY), System.getenv(CONFIG_ENV), DEFAULT_LOCATION), context);
    }

    /**
     * @return whether something names the file, or the default file is there: when neither, a filter may still have
     *     its settings from code (registered as an instance), which only the filter itself knows
     */
    public boolean isNamedOrPresent() {
        if (!DEFAULT_LOCATION.equals(location)) {
            return true;
        }
        try (InputStream in = context.getResourceAsStream(location)) {
            return in != null;
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * @return the file's properties, not yet checked as settings
     * @throws SettingsException when the file is missing or unreadable, naming the location and where it was named
     */
    public Properties read() {
        if (!location.startsWith("/WEB-INF/")) {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return SettingsFile.read(location, loader != null ? loader : JakartaSettingsSource.class.getClassLoader());
        }
        try (InputStream in = context.getResourceAsStream(location)) {
            if (in == null) {
                throw new SettingsException(Collections.singletonList("config: expected a properties file at " + location
                        + " of the web app (or the init-param '" + CONFIG_PARAM + "', system property '" + CONFIG_PROPERTY
                        + "' or environment variable " + CONFIG_ENV + " naming one), found none"));
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new SettingsException(Collections.singletonList("config: expected a readable properties file at " + location
                    + ", found " + e.getClass().getSimpleName()));
        }
    }

    private static String firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.trim().isEmpty()) {
                return candidate.trim();
            }
        }
        throw new IllegalStateException("the default location is always there");
    }
}
