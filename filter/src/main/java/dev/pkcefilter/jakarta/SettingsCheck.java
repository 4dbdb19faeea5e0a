package dev.pkcefilter.jakarta;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.JakartaFilter;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.internal.servlet.JakartaSettingsSource;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Checks the settings of every {@link PkceFilter} of a web app when the web app starts, so that settings that
 * cannot work fail the deployment, with the message naming each problem, instead of the first user's request. It
 * matters on servers that create filters only at the first request (WildFly's Undertow, Payara): there, the
 * filter's own check at {@code init} would come too late. The container runs it because the filter's jar is in the
 * web app (it is listed in {@code META-INF/services}); apps never call it.
 *
 * <p>It reads the file the filter will read and checks it as the filter does; it calls no provider (an unreachable
 * provider does not stop an app). A filter registered in code with its settings, and with no settings file
 * anywhere, is left to the filter.
 */
public final class SettingsCheck implements ServletContainerInitializer {

    /** Called by the container, with any class list (the initializer asks for none). */
    public SettingsCheck() {
    }

    /**
     * Checks the filters declared so far, which are those of {@code web.xml} (containers read it before they run
     * initializers); a filter another initializer adds later is registered in code, with its settings. Here and not
     * in a listener added from here: a listener added in code may not ask for the web app's filters (Servlet 3.0
     * §4.4, and Undertow refuses it).
     *
     * @throws SettingsException when a filter's settings cannot work, which fails the deployment
     */
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        for (FilterRegistration filter : context.getFilterRegistrations().values()) {
            if (!PkceFilter.class.getName().equals(filter.getClassName())) {
                continue;
            }
            JakartaSettingsSource source = JakartaSettingsSource.of(filter.getName(),
                    filter.getInitParameter(JakartaFilter.CONFIG_PARAM), context);
            if (source.isNamedOrPresent()) {
                // Every problem named, as the filter's init would name them; never a secret's value.
                FilterSettings.fromProperties(source.read());
            }
        }
    }
}
