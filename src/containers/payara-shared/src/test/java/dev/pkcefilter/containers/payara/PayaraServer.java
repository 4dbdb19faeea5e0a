package dev.pkcefilter.containers.payara;

import dev.pkcefilter.containers.FullServer;
import dev.pkcefilter.containers.ServerFiles;
import dev.pkcefilter.testbed.MachineWideLock;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payara Server from its distribution zip, started by its own {@code asadmin start-domain --verbose} (in the
 * foreground, so it is stopped by PID): a copy of {@code domain1} in a domain directory of its own, every port
 * of the domain a free one and every listener on loopback, the filter's settings as JVM options in
 * {@code domain.xml}, and the WAR dropped into {@code autodeploy/}.
 */
final class PayaraServer implements FullServer {

    /** The system property naming the unpacked distribution's root ({@code payara6}); the module's failsafe sets it. */
    static final String HOME_PROPERTY = "payara.home";

    private static final Pattern PORT = Pattern.compile("port=\"(\\d+)\"");

    private final Path domain;
    private final int httpPort;
    private final int httpsPort;
    private final MachineWideLock onlyPayara;
    private ServerProcess process;

    private PayaraServer(Path domain, int[] ports, MachineWideLock onlyPayara) {
        this.domain = domain;
        this.httpPort = ports[0];
        this.httpsPort = ports[1];
        this.onlyPayara = onlyPayara;
    }

    /**
     * @param wars the WARs to deploy, by context path, such as {@code /pkce-filter-webapp}: Payara takes it from the
     *     file name
     * @param work a directory for the domain and the console log
     * @param systemProperties what the deployments' settings read, added as {@code -D} JVM options
     * @return the server, started, each deployment done (deployed or failed)
     * @throws IllegalStateException when it does not start; the message has the log's tail
     */
    static PayaraServer start(Map<String, Path> wars, Path work, Map<String, String> systemProperties) {
        // One Payara at a time on this machine: when payara5 and payara6 ran at once, Payara 5's deployment failed
        // ("Failed to start container ...HealthContainer"); both domains start Hazelcast with the same defaults.
        MachineWideLock onlyPayara = MachineWideLock.acquire("payara");
        try {
            return startHolding(onlyPayara, wars, work, systemProperties);
        } catch (RuntimeException e) {
            onlyPayara.close();
            throw e;
        }
    }

    private static PayaraServer startHolding(MachineWideLock onlyPayara, Map<String, Path> wars, Path work,
            Map<String, String> systemProperties) {
        Path home = ServerFiles.home(HOME_PROPERTY, "bin/asadmin");
        Path domains = work.resolve("domains");
        Path domain = domains.resolve("domain1");
        ServerFiles.copyTree(home.resolve("glassfish/domains/domain1"), domain);
        PayaraServer server = new PayaraServer(domain, configure(domain.resolve("config/domain.xml"), systemProperties), onlyPayara);
        wars.forEach((contextPath, war) -> ServerFiles.deploy(war, domain.resolve("autodeploy"), contextPath));
        // Autodeploy takes the WARs one after the other, each ending in one of these lines: started once all have.
        AtomicInteger done = new AtomicInteger();
        // sh: the zip keeps no execute permissions.
        server.process = ServerProcess.start("payara",
                List.of("sh", home.resolve("bin/asadmin").toString(), "start-domain", "--verbose", "--domaindir",
                        domains.toString(), "domain1"),
                // JAVA_TOOL_OPTIONS reaches asadmin's own JVM, which domain.xml's options do not: it lives as long as
                // the server, as its parent.
                Map.of("JAVA_HOME", System.getProperty("java.home"), "AS_JAVA", System.getProperty("java.home"),
                        "JAVA_TOOL_OPTIONS", ServerProcess.SHORT_LIVED_SERIAL_JVM), work,
                work.resolve("payara-console.log"),
                line -> (line.contains("Successfully autodeployed") || line.contains("Autodeploy failed")
                        || line.contains("autodeploy failed")) && done.incrementAndGet() == wars.size(),
                Duration.ofSeconds(240));
        return server;
    }

    /**
     * Rewrites the server's configuration: every literal port a free one (the default configuration's
     * {@code ${...}} ports are left alone), the listeners on loopback, and the system properties as JVM options.
     *
     * @return the ports of the HTTP listener and of the https one
     */
    private static int[] configure(Path domainXml, Map<String, String> systemProperties) {
        try {
            String xml = Files.readString(domainXml);
            StringBuilder rewritten = new StringBuilder();
            Matcher port = PORT.matcher(xml);
            int httpPort = 0;
            int httpsPort = 0;
            while (port.find()) {
                int free = Ports.free();
                if (port.group(1).equals("8080")) {
                    httpPort = free;
                } else if (port.group(1).equals("8181")) {
                    httpsPort = free;
                }
                port.appendReplacement(rewritten, "port=\"" + free + "\"");
            }
            port.appendTail(rewritten);
            String withLoopback = rewritten.toString().replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=")
                    .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"");
            StringBuilder options = new StringBuilder("<jvm-options>" + ServerProcess.SHORT_LIVED_JVM + "</jvm-options>"
                    + "<jvm-options>-XX:+UseSerialGC</jvm-options>");
            systemProperties.forEach((name, value) -> options.append("<jvm-options>-D").append(name).append('=')
                    .append(value).append("</jvm-options>"));
            // The first java-config is the server's own (server-config), the one the running instance uses.
            int javaConfig = withLoopback.indexOf("<java-config");
            int end = withLoopback.indexOf('>', javaConfig) + 1;
            if (httpPort == 0 || httpsPort == 0 || javaConfig < 0) {
                throw new IllegalStateException("no HTTP listener on 8080, no https one on 8181 or no java-config in " + domainXml);
            }
            Files.writeString(domainXml, withLoopback.substring(0, end) + options + withLoopback.substring(end));
            return new int[] {httpPort, httpsPort};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String log() {
        return ServerFiles.read(domain.resolve("logs/server.log"));
    }

    @Override
    public boolean deployed(String contextPath) {
        return Pattern.compile("Successfully autodeployed : \\S*/" + Pattern.quote(contextPath.substring(1) + ".war"))
                .matcher(log()).find();
    }

    @Override
    public boolean deploymentFailed(String contextPath) {
        return Pattern.compile("(?i)autodeploy failed : \\S*/" + Pattern.quote(contextPath.substring(1) + ".war"))
                .matcher(log()).find();
    }

    @Override
    public boolean runs(String version) {
        String log = log();
        return log.contains("Payara Server  " + version) || log.contains("Payara Server " + version);
    }

    @Override
    public int httpPort() {
        return httpPort;
    }

    /** @return the port of the https listener, with the self-signed certificate Payara ships */
    @Override
    public int httpsPort() {
        return httpsPort;
    }

    @Override
    public void close() {
        try {
            if (process != null) {
                process.close();
            }
        } finally {
            onlyPayara.close();
        }
    }
}
