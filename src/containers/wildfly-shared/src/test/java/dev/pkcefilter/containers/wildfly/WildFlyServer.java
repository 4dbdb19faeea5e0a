package dev.pkcefilter.containers.wildfly;

import dev.pkcefilter.containers.FullServer;
import dev.pkcefilter.containers.ServerFiles;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.ServerProcess;
import dev.pkcefilter.testcertificates.CertificateMaker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WildFly from its distribution zip, started by its own {@code bin/standalone.sh} as an operator would: a server
 * base directory of its own (a copy of the distribution's {@code standalone/}), the WAR dropped into its
 * {@code deployments/} directory, loopback addresses and free ports, and the filter's settings as {@code -D}
 * system properties. Stopped by PID.
 */
final class WildFlyServer implements FullServer {

    /** The system property naming the unpacked distribution; the module's failsafe sets it. */
    static final String HOME_PROPERTY = "wildfly.home";
    /**
     * The system property that asks for Undertow's {@code samesite-cookie(mode=Lax)} filter in the server's
     * configuration: what an operator of a Servlet 4.0 WildFly adds, as the filter cannot reach the cookie there.
     */
    static final String SAMESITE_FILTER_PROPERTY = "wildfly.samesite-filter";

    private final Path home;
    private final Path base;
    private final int httpPort;
    private final int httpsPort;
    private ServerProcess process;

    private WildFlyServer(Path home, Path base, int httpPort, int httpsPort) {
        this.home = home;
        this.base = base;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /**
     * @param wars the WARs to deploy, by context path, such as {@code /pkce-filter-webapp}: WildFly takes it from the
     *     file name
     * @param work a directory for the server's base directory and log
     * @param systemProperties what the deployments' settings read, as {@code -D} options
     * @return the server, started, its deployments done (deployed or failed)
     * @throws IllegalStateException when it does not start; the message has the log's tail
     */
    static WildFlyServer start(Map<String, Path> wars, Path work, Map<String, String> systemProperties) {
        Path home = ServerFiles.home(HOME_PROPERTY, "bin/standalone.sh");
        Path base = work.resolve("standalone");
        ServerFiles.copyTree(home.resolve("standalone"), base);
        addCookieFilters(base.resolve("configuration/standalone.xml"), Boolean.getBoolean(SAMESITE_FILTER_PROPERTY));
        writeHttpsKeystore(base.resolve("configuration"));
        wars.forEach((contextPath, war) -> ServerFiles.deploy(war, base.resolve("deployments"), contextPath));
        WildFlyServer server = new WildFlyServer(home, base, Ports.free(), Ports.free());
        server.process = ServerProcess.start("wildfly", server.command(systemProperties),
                // JAVA_TOOL_OPTIONS: JAVA_OPTS would replace standalone.conf's own options rather than add to them.
                // C1 is safe since the https key is made beforehand (writeHttpsKeystore).
                Map.of("JAVA_HOME", System.getProperty("java.home"), "JBOSS_HOME", home.toString(),
                        "JAVA_TOOL_OPTIONS", ServerProcess.SHORT_LIVED_SERIAL_JVM), work,
                work.resolve("wildfly-console.log"),
                // WFLYSRV0025: started; WFLYSRV0026: started with errors (a failed deployment among them).
                line -> line.contains("WFLYSRV0025") || line.contains("WFLYSRV0026"), Duration.ofSeconds(180));
        return server;
    }

    private List<String> command(Map<String, String> systemProperties) {
        // sh: the zip keeps no execute permissions.
        List<String> command = new ArrayList<>(List.of("sh", home.resolve("bin/standalone.sh").toString(),
                "-Djboss.server.base.dir=" + base, "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.http.port=" + httpPort, "-Djboss.https.port=" + httpsPort,
                "-Djboss.management.http.port=" + Ports.free(), "-Djboss.management.https.port=" + Ports.free()));
        systemProperties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        return command;
    }

    @Override
    public String log() {
        return ServerFiles.read(base.resolve("log/server.log"));
    }

    @Override
    public boolean deployed(String contextPath) {
        // WFLYSRV0010: Deployed "name.war" (runtime-name : "name.war")
        return log().contains("Deployed \"" + contextPath.substring(1) + ".war\"");
    }

    @Override
    public boolean deploymentFailed(String contextPath) {
        // WFLYCTL0013: Operation ("deploy") failed - address: ([("deployment" => "name.war")]) - failure description
        return log().contains("failed - address: ([(\"deployment\" => \"" + contextPath.substring(1) + ".war\")])");
    }

    @Override
    public boolean runs(String version) {
        // "WildFly 39.0.1.Final (WildFly Core ...) started", or "WildFly Full 26.1.3.Final ..." before 27.
        String log = log();
        return log.contains("WildFly " + version + " (") || log.contains("WildFly Full " + version + " (");
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    /** @return the port of the default https listener, with a self-signed certificate for {@code localhost} */
    @Override
    public int httpsPort() {
        return httpsPort;
    }

    /**
     * Writes the keystore that the default configuration's https listener reads ({@code application.keystore}, JKS,
     * password {@code password}), with an EC key for {@code localhost}. Without it WildFly makes an RSA key itself at
     * the first TLS connection. Under C1 (no BigInteger intrinsics) on a busy machine that took longer than the test
     * client's 3 s connect timeout, and WildFlyIT's TLS test failed so on WildFly 26.
     */
    private static void writeHttpsKeystore(Path configuration) {
        KeyPair keys = CertificateMaker.keyPair("EC");
        X509Certificate certificate = CertificateMaker.certificate("CN=localhost", keys.getPublic(), Duration.ofDays(2))
                .extension("san=dns:localhost,ip:127.0.0.1").selfSigned(keys.getPrivate());
        CertificateMaker.writeKeystore(configuration.resolve("application.keystore"), "JKS", "server", keys.getPrivate(),
                "password", certificate);
    }

    /**
     * Undertow's own answers where the filter cannot reach the session cookie, as docs/containers.md gives them: expression
     * filters on the default host. {@code secure-cookie} marks cookies {@code Secure} on requests that came over TLS
     * (Undertow does not by itself), and {@code samesite-cookie(mode=Lax)} gives Servlet 4.0 servers the attribute
     * that Servlet 6.0 lets the filter's initializer set.
     */
    private static void addCookieFilters(Path standaloneXml, boolean sameSite) {
        String filters = "<expression-filter name=\"secure-cookie\" expression=\"secure-cookie\"/>"
                + (sameSite ? "<expression-filter name=\"samesite-lax\" expression=\"samesite-cookie(mode=Lax)\"/>" : "");
        String refs = "<filter-ref name=\"secure-cookie\"/>" + (sameSite ? "<filter-ref name=\"samesite-lax\"/>" : "");
        try {
            String xml = Files.readString(standaloneXml);
            // After the Undertow subsystem's handlers, where its schema puts filters.
            String withFilters = xml.replaceFirst("(?s)(<subsystem xmlns=\"urn:jboss:domain:undertow:(?:(?!</subsystem>).)*?</handlers>)",
                    "$1<filters>" + filters + "</filters>")
                    .replaceFirst("(<host name=\"default-host\"[^>]*>)", "$1" + refs);
            if (withFilters.equals(xml) || !withFilters.contains("filter-ref name=\"secure-cookie\"")) {
                throw new IllegalStateException("no Undertow subsystem or default host in " + standaloneXml);
            }
            Files.writeString(standaloneXml, withFilters);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }
}
