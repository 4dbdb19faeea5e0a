package dev.pkcefilter.containers.wildfly;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.containers.ExampleWebapp;
import dev.pkcefilter.containers.FullServer;
import dev.pkcefilter.containers.FullServerTests;
import dev.pkcefilter.containers.ServerFiles;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The unchanged jakarta example WAR in WildFly, a full Jakarta EE server with its own session manager (Undertow's),
 * its own class loading (JBoss Modules) and its own copy of Nimbus JOSE (the {@code com.nimbusds} module its OIDC
 * client uses): the WAR's filter signs in at the provider in its own JVM. What every full server passes is
 * {@link FullServerTests}; here, what only WildFly has. The https listener's cookies are {@code Secure} through
 * Undertow's {@code secure-cookie} filter, as docs/containers.md configures it.
 */
class WildFlyIT extends FullServerTests {

    @Override
    protected FullServer start(Map<String, Path> wars, Path work, Map<String, String> systemProperties) {
        return WildFlyServer.start(wars, work, systemProperties);
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
