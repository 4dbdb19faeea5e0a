package dev.pkcefilter.containers.wildfly;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.containers.ExampleWebapp;
import dev.pkcefilter.containers.ProviderProcess;
import dev.pkcefilter.containers.ServerFiles;
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
                "the version it runs; the log:\n" + ServerFiles.tail(log));
        assertTrue(log.contains("Deployed \"pkce-filter-webapp.war\""), "the deployment failed; the log:\n" + ServerFiles.tail(log));
        assertFalse(log.contains("WFLYSRV0026"), "the server started with errors; the log:\n" + ServerFiles.tail(log));
    }

    /**
     * WildFly 39 ships Nimbus JOSE as a module for its own OIDC client (WildFly 26 does not); the WAR brings its own.
     * The filter's startup line names the version its class loader chose: the WAR's, not the server's.
     */
    @Test
    void filterWhenStartedThenUsesTheWarsNimbusNotTheServers() throws Exception {
        String bundled = jarVersion(ExampleWebapp.war(), "nimbus-jose-jwt");
        serverModuleVersion("nimbus-jose-jwt").ifPresent(shipped ->
                assertNotEquals(bundled, shipped, "the check needs two different versions to tell them apart"));
        String log = server.log();
        assertTrue(log.contains("nimbus-jose-jwt " + bundled), "the filter's startup line; the log:\n" + ServerFiles.tail(log));
    }

    @Test
    void stepUpWhenItsPathIsSpelledOtherwiseOrAmbiguouslyThenAskedForOrRefused() {
        ExampleWebapp.assertStepUpPathsCannotBeReachedAround(appUrl, provider.issuer());
    }

    @Test
    void loginWhenExampleWarDeployedThenSignedInUserShownAndLogoutEndsIt() {
        ExampleWebapp.assertFullLogin(appUrl, provider.issuer());
    }

    /** Over WildFly's own https listener, with Undertow's {@code secure-cookie} filter as docs/containers.md configures it. */
    @Test
    void loginWhenServedOverTlsThenTheSessionCookieIsSecure() {
        ExampleWebapp.assertLoginOverTls("https://127.0.0.1:" + server.httpsPort() + ProviderProcess.CONTEXT_PATH, provider.issuer());
    }

    @Test
    void apiWhenSignedInThenRolesAllowedAndSecurityContextSeeTheFiltersUser() {
        ExampleWebapp.assertServerSecuritySeesTheUser(appUrl);
    }

    /** @return the version in the file name of the WAR's {@code WEB-INF/lib/<artifact>-<version>.jar} */
    private static String jarVersion(Path war, String artifact) throws java.io.IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(war.toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName)
                    .filter(name -> name.startsWith("WEB-INF/lib/" + artifact + "-") && name.endsWith(".jar"))
                    .map(name -> name.substring(("WEB-INF/lib/" + artifact + "-").length(), name.length() - 4))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + artifact + " in the WAR"));
        }
    }

    /** @return the version of the server's own module jar {@code <artifact>-<version>.jar}, if it ships one */
    private static java.util.Optional<String> serverModuleVersion(String artifact) throws java.io.IOException {
        Path modules = Path.of(System.getProperty(WildFlyServer.HOME_PROPERTY), "modules");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(modules)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(artifact + "-") && name.endsWith(".jar"))
                    .map(name -> name.substring((artifact + "-").length(), name.length() - 4))
                    .findFirst();
        }
    }
}
