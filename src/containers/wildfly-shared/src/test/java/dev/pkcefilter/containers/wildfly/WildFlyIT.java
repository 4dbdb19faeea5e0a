package dev.pkcefilter.containers.wildfly;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.containers.ExampleWebapp;
import dev.pkcefilter.containers.ProviderProcess;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unchanged jakarta example WAR in WildFly, a full Jakarta EE server with its own session manager (Undertow's),
 * its own class loading (JBoss Modules) and its own copy of Nimbus JOSE (the {@code com.nimbusds} module its OIDC
 * client uses): the WAR's filter signs in at the provider in its own JVM.
 */
class WildFlyIT {

    private static ProviderProcess provider;
    private static WildFlyServer server;
    private static String appUrl;

    @BeforeAll
    static void startProviderAndWildFly(@TempDir Path work) {
        provider = ProviderProcess.start();
        server = WildFlyServer.start(ExampleWebapp.war(), ProviderProcess.CONTEXT_PATH, work, Map.of("oidc.issuer", provider.issuer(),
                "oidc.client-id", ProviderProcess.CLIENT_ID, "oidc.client-secret", ProviderProcess.CLIENT_SECRET));
        appUrl = "http://127.0.0.1:" + server.httpPort() + ProviderProcess.CONTEXT_PATH;
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (provider != null) {
                provider.close();
            }
        }
    }

    @Test
    void serverWhenStartedThenIsThePinnedWildFlyWithTheWarDeployed() {
        String log = server.log();
        // "WildFly 39.0.1.Final (WildFly Core ...) started", or "WildFly Full 26.1.3.Final ..." before 27.
        String version = System.getProperty("expected.container.version");
        assertTrue(log.contains("WildFly " + version + " (") || log.contains("WildFly Full " + version + " ("),
                "the version it runs; the log:\n" + tail(log));
        assertTrue(log.contains("Deployed \"pkce-filter-webapp.war\""), "the deployment failed; the log:\n" + tail(log));
        assertFalse(log.contains("WFLYSRV0026"), "the server started with errors; the log:\n" + tail(log));
    }

    @Test
    void loginWhenExampleWarDeployedThenSignedInUserShownAndLogoutEndsIt() {
        ExampleWebapp.assertFullLogin(appUrl, provider.issuer());
    }

    @Test
    void apiWhenSignedInThenRolesAllowedAndSecurityContextSeeTheFiltersUser() {
        ExampleWebapp.assertServerSecuritySeesTheUser(appUrl);
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }
}
