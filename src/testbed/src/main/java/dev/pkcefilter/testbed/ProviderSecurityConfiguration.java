package dev.pkcefilter.testbed;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Spring Security and Spring Authorization Server set up as a strict OpenID provider.
 *
 * <p>Only the auto-configuration a servlet server needs is imported, never a classpath scan: the test bed
 * shares its classpath with whatever test uses it. The per-provider objects (clients, recorder, settings,
 * user, token error describer, signing key, extra claims) are registered by {@link EmbeddedProvider} before the context refreshes.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    ServletWebServerFactoryAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    ErrorMvcAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
})
class ProviderSecurityConfiguration {

    /** The protocol endpoints; a browser without a session is sent to the login form. */
    @Bean
    @Order(1)
    SecurityFilterChain protocolEndpoints(HttpSecurity http, ExtraClaims extra) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as
                        .authorizationEndpoint(authorize -> authorize.authorizationResponseHandler(new FormPostResponse()))
                        .pushedAuthorizationRequestEndpoint(Customizer.withDefaults())
                        .oidc(oidc -> oidc
                                .providerConfigurationEndpoint(discovery -> discovery.providerConfigurationCustomizer(
                                        metadata -> metadata.claim("response_modes_supported", java.util.List.of("query", "form_post"))))
                                .userInfoEndpoint(userInfo -> userInfo.userInfoMapper(new UserInfoClaims(extra)))
                                .logoutEndpoint(logout -> logout.authenticationProviders(providers -> providers.stream()
                                        .filter(OidcLogoutAuthenticationProvider.class::isInstance)
                                        .map(OidcLogoutAuthenticationProvider.class::cast)
                                        .forEach(provider -> provider.setAuthenticationValidator(new LoopbackPostLogoutRedirects()))))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // The userinfo endpoint takes the access token as a bearer JWT.
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /** Everything else: Spring Security's own login page, with its CSRF token. */
    @Bean
    @Order(2)
    SecurityFilterChain loginPage(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    /** The user's password and the clients' secrets, compared as stored and never re-hashed after a match. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new VerbatimPasswordEncoder();
    }

    @Bean
    OAuth2AuthorizationService authorizationService(ProviderRecorder recorder) {
        return new RecordingAuthorizationService(recorder);
    }

    /** Runs before Spring Security's filters, so rejected requests are recorded too. */
    @Bean
    FilterRegistrationBean<TokenRequestRecorder> tokenRequestRecorder(ProviderRecorder recorder) {
        FilterRegistrationBean<TokenRequestRecorder> registration =
                new FilterRegistrationBean<>(new TokenRequestRecorder(recorder, false));
        registration.addUrlPatterns("/oauth2/token");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The same for pushed authorization requests (RFC 9126), which carry client authentication too. */
    @Bean
    FilterRegistrationBean<TokenRequestRecorder> pushedRequestRecorder(ProviderRecorder recorder) {
        FilterRegistrationBean<TokenRequestRecorder> registration =
                new FilterRegistrationBean<>(new TokenRequestRecorder(recorder, true));
        registration.addUrlPatterns("/oauth2/par");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Wraps Spring Security's filters, so the error answers they write can be given a description. */
    @Bean
    FilterRegistrationBean<TokenErrorDescriber> tokenErrorDescriberRegistration(TokenErrorDescriber describer) {
        FilterRegistrationBean<TokenErrorDescriber> registration = new FilterRegistrationBean<>(describer);
        registration.addUrlPatterns("/oauth2/token");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * The provider's own signing key, made fresh for each provider by {@link EmbeddedProvider} (which also signs
     * logout tokens with it), so two providers in one JVM never trust each other's tokens.
     */
    @Bean
    JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
        return new ImmutableJWKSet<>(new JWKSet(signingKey));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(jwkSource);
    }

    /** Gives the ID token (and so userinfo) a few claims beyond {@code sub}, for the app to show. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(ExtraClaims extra) {
        return new ProfileClaims(extra);
    }
}
