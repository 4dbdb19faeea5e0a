package dev.pkcefilter.example.springboot;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import java.util.Properties;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Registers the {@link PkceFilter} on every path, with the settings found under {@value #PREFIX} in Spring's
 * environment ({@code pkce-filter.client.id=...} becomes the filter's {@code client.id}), and orders it just
 * before Spring Security's filter chain.
 */
@Configuration(proxyBeanMethods = false)
public class PkceFilterConfiguration {

    /** The prefix of the filter's settings in {@code application.properties}. */
    public static final String PREFIX = "pkce-filter";

    /**
     * Before Spring Security: the filter signs the user in and hands on a request whose
     * {@code getUserPrincipal()} Spring Security then trusts.
     */
    static final int ORDER = SecurityProperties.DEFAULT_FILTER_ORDER - 1;

    @Bean
    FilterRegistrationBean<PkceFilter> pkceFilter(ConfigurableEnvironment environment) {
        FilterRegistrationBean<PkceFilter> registration = new FilterRegistrationBean<>(new PkceFilter(settings(environment)));
        registration.setName("pkce-filter");
        registration.addUrlPatterns("/*");
        registration.setOrder(ORDER);
        return registration;
    }

    /**
     * The filter checks the keys itself, unknown ones included, and reports every problem at once; so every key
     * under the prefix is passed on as it is, with Spring's placeholders already resolved. Only names written with
     * the prefix count: Spring's relaxed binding would also read the system property {@code pkcefilter.config}
     * and the variable {@code PKCEFILTER_CONFIG} (where the filter looks for its file in a plain servlet
     * container) as a key {@code config}, and refuse to start.
     */
    static FilterSettings settings(ConfigurableEnvironment environment) {
        Properties properties = new Properties();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names) {
                for (String name : names.getPropertyNames()) {
                    if (name.startsWith(PREFIX + ".") && !properties.containsKey(name.substring(PREFIX.length() + 1))) {
                        // The environment's value: the source that wins, placeholders resolved.
                        properties.setProperty(name.substring(PREFIX.length() + 1), environment.getProperty(name));
                    }
                }
            }
        }
        return FilterSettings.fromProperties(properties);
    }
}
