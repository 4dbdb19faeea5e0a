package dev.pkcefilter.example.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;

/**
 * A Spring Boot app signed into with OpenID Connect by the pkce-filter ({@link PkceFilterConfiguration}), with
 * Spring Security behind it taking the signed-in user from the request ({@link SecurityConfiguration}).
 */
// No user store: users sign in at the provider, so Boot's generated default user would only be a second way in.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
public class ExampleApplication {

    /** @param args Spring Boot's: {@code --pkce-filter.issuer=...} and the like override application.properties */
    public static void main(String[] args) {
        SpringApplication.run(ExampleApplication.class, args);
    }
}
