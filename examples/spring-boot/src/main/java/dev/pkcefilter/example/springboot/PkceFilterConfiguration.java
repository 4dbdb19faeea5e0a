package dev.pkcefilter.example.springboot;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import java.util.Map;
import java.util.Properties;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

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
    FilterRegistrationBean<PkceFilter> pkceFilter(Environment environment) {
        FilterRegistrationBean<PkceFilter> registration = new FilterRegistrationBean<>(new PkceFilter(settings(environment)));
        registration.setName("pkce-filter");
        registration.addUrlPatterns("/*");
        registration.setOrder(ORDER);
        return registration;
    }

    /**
     * The filter checks the keys itself, unknown ones included, and reports every problem at once; so every key
     * under the prefix is passed on as it is, with Spring's placeholders already resolved.
     */
    static FilterSettings settings(Environment environment) {
        Map<String, String> values = Binder.get(environment)
                .bind(PREFIX, Bindable.mapOf(String.class, String.class))
                .orElse(Map.of());
        Properties properties = new Properties();
        properties.putAll(values);
        return FilterSettings.fromProperties(properties);
    }
}
