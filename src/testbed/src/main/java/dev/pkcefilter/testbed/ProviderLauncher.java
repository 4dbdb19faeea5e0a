package dev.pkcefilter.testbed;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;

/**
 * Starts the Spring Authorization Server behind an {@link EmbeddedProvider}: fixes the port (and with it the
 * issuer) before the server starts, hands the per-provider objects to a fresh Boot context, and tries another
 * free port when some other process took the chosen one first.
 */
final class ProviderLauncher {

    /**
     * Tomcat logs through java.util.logging, which Boot is kept from touching (see the pom), so Boot's log
     * levels do not reach it; this keeps its start and stop chatter out of test output. Held in a field
     * because java.util.logging forgets the level of a logger nobody references.
     */
    private static final List<Logger> QUIET_TOMCAT_LOGGERS = Stream.of("org.apache.catalina", "org.apache.coyote")
            .map(Logger::getLogger)
            .peek(logger -> logger.setLevel(Level.WARNING))
            .toList();
    private static final int PORT_ATTEMPTS = 5;

    /** What {@link EmbeddedProvider.Builder} collected; {@code port} 0 means a free one. */
    record Setup(int port, String username, String password, Duration accessTokenTimeToLive,
            Optional<String> tokenErrorDescription, boolean reuseRefreshTokens,
            Map<String, Object> idTokenClaims, Map<String, Object> userInfoClaims, List<String> acrValues) {
    }

    private ProviderLauncher() {
    }

    /**
     * Starts the provider and waits until it accepts connections.
     *
     * @param setup the settings; not null
     * @return the running provider
     * @throws IllegalStateException when the server cannot start
     */
    static EmbeddedProvider start(Setup setup) {
        if (setup.port() != 0) {
            return startOn(setup, setup.port());
        }
        // The issuer must be fixed before the server starts, so the port is chosen here rather than by
        // Tomcat; another process may take it in between, hence the retries.
        for (int attempt = 1; ; attempt++) {
            try {
                return startOn(setup, Ports.free());
            } catch (RuntimeException e) {
                if (attempt == PORT_ATTEMPTS || !causedByPortInUse(e)) {
                    throw e;
                }
            }
        }
    }

    /** Every attempt gets fresh objects, so nothing of a failed start reaches the provider that runs. */
    private static EmbeddedProvider startOn(Setup setup, int chosenPort) {
        ClientRegistry clients = new ClientRegistry(setup.accessTokenTimeToLive(), setup.reuseRefreshTokens());
        ProviderRecorder recorder = new ProviderRecorder();
        JwtSigner signer = new JwtSigner(JwtSigner.newKey());
        ExtraClaims extraClaims = new ExtraClaims(setup.idTokenClaims(), setup.userInfoClaims(), setup.acrValues());
        TokenErrorDescriber describer = new TokenErrorDescriber(setup.tokenErrorDescription());
        UserDetailsService users = new InMemoryUserDetailsManager(
                User.withUsername(setup.username()).password(VerbatimPasswordEncoder.PREFIX + setup.password()).roles("USER").build());
        AuthorizationServerSettings settings = AuthorizationServerSettings.builder()
                .issuer("http://localhost:" + chosenPort)
                .build();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ProviderSecurityConfiguration.class)
                .web(WebApplicationType.SERVLET)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .registerShutdownHook(false)
                .initializers(ctx -> {
                    GenericApplicationContext generic = (GenericApplicationContext) ctx;
                    generic.registerBean(ClientRegistry.class, () -> clients);
                    generic.registerBean(ProviderRecorder.class, () -> recorder);
                    generic.registerBean(UserDetailsService.class, () -> users);
                    generic.registerBean(AuthorizationServerSettings.class, () -> settings);
                    generic.registerBean(TokenErrorDescriber.class, () -> describer);
                    generic.registerBean(RSAKey.class, signer::key);
                    generic.registerBean(ExtraClaims.class, () -> extraClaims);
                })
                // Command-line arguments outrank any application.properties or system property of the
                // JVM that hosts the test bed; the odd config name keeps such files from being read at all.
                .run("--spring.config.name=pkce-filter-testbed-provider",
                        "--server.address=127.0.0.1",
                        "--server.port=" + chosenPort,
                        "--server.servlet.session.cookie.name=" + EmbeddedProvider.SESSION_COOKIE,
                        "--logging.level.org.springframework=WARN",
                        "--logging.level.org.apache=WARN");
        return new EmbeddedProvider(context, clients, recorder, new LogoutTokenSigner(signer, recorder), chosenPort);
    }


    private static boolean causedByPortInUse(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof PortInUseException) {
                return true;
            }
        }
        return false;
    }
}
