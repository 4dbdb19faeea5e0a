package dev.pkcefilter.example.springboot;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.jakarta.PkceFilter;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Registers the {@link PkceFilter} on every path, with the settings found under {@value #PREFIX} in Spring's
 * environment ({@code pkce-filter.client.id=...} becomes the filter's {@code client.id}), and orders it just
 * before Spring Security's filter chain. With the profile {@code redis}, the nodes also share the filter's
 * {@link ClusterStore} in the sessions' Redis.
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

    /**
     * @param store the store the nodes share, when the app defines one (profile {@code redis})
     * @param clock the filter's clock, when the app defines one (tests move it to reach a token's expiry)
     */
    @Bean
    FilterRegistrationBean<PkceFilter> pkceFilter(ConfigurableEnvironment environment, ObjectProvider<ClusterStore> store,
            ObjectProvider<Clock> clock) {
        FilterSettings.Builder builder = builder(environment);
        store.ifAvailable(builder::clusterStore);
        clock.ifAvailable(builder::clock);
        FilterRegistrationBean<PkceFilter> registration = new FilterRegistrationBean<>(new PkceFilter(builder.build()));
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
        return builder(environment).build();
    }

    private static FilterSettings.Builder builder(ConfigurableEnvironment environment) {
        FilterSettings.Builder builder = FilterSettings.builder();
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names) {
                for (String name : names.getPropertyNames()) {
                    if (name.startsWith(PREFIX + ".")) {
                        // The environment's value: the source that wins, placeholders resolved.
                        builder.set(name.substring(PREFIX.length() + 1), environment.getProperty(name));
                    }
                }
            }
        }
        return builder;
    }

    @Bean
    @Profile("redis")
    ClusterStore clusterStore(StringRedisTemplate redis) {
        return new RedisClusterStore(redis);
    }
}
