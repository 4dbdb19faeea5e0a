package dev.pkcefilter.example.springboot;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security behind the pkce-filter: it authenticates nobody itself, but takes the user the filter signed
 * in from {@code request.getUserPrincipal()} (Spring's container-managed, "jee", pre-authentication), so
 * {@code authorizeHttpRequests}, {@code @PreAuthorize} and {@code Authentication} arguments work as usual.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/admin/**").hasRole("admin")
                        .anyRequest().authenticated())
                // The principal comes from the filter on every request. Spring asks isUserInRole for each role
                // named here, which the filter answers from its roles.claim, and grants ROLE_<name>.
                .jee(jee -> jee.mappableAuthorities("admin"))
                // Stateless: Spring keeps no login of its own in the session, so it can never disagree with the
                // filter, whose sign-in state (logout, session.max-age-seconds, a refused refresh) decides alone.
                // No session fixation protection of Spring's own: the pre-authentication runs on every request, and
                // its default would give the session a new id each time (a store write per page view, and lost
                // sessions when requests overlap). The filter already gives the session a new id at login.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionFixation(fixation -> fixation.none()))
                // Logout is the filter's (POST /oauth2/logout), which also ends the session at the provider.
                .logout(logout -> logout.disable());
        return http.build();
    }
}
