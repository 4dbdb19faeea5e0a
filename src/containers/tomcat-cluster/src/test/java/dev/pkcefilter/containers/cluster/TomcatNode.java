package dev.pkcefilter.containers.cluster;

import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One node: Tomcat's own distribution started with {@code bin/catalina.sh run}, with a base directory of its own
 * (CATALINA_BASE) set up as an operator would for the recipe in docs/several-nodes.md: Redisson's jars in {@code lib}, the
 * Redisson YAML in {@code conf}, the unchanged example WAR in {@code webapps}, and a context descriptor that
 * names Redisson's session manager and adds the Redisson store jar to the web app. Stopped, or killed, by PID.
 */
final class TomcatNode implements AutoCloseable {

    static final String CONTEXT_PATH = "/pkce-filter-webapp";

    private final String name;
    private final Path base;
    private final int port;
    private final Map<String, String> environment;
    private ServerProcess process;

    private TomcatNode(String name, Path base, int port, Map<String, String> environment) {
        this.name = name;
        this.base = base;
        this.port = port;
        this.environment = environment;
    }

    /**
     * @param settings the filter's properties file, named to the node by {@code -Dpkcefilter.config}
     * @param redissonConfig the Redisson YAML shared by the session manager and the store
     */
    static TomcatNode create(String name, Path work, Path settings, Path redissonConfig) {
        Path home = Path.of(required("tomcat.dist"));
        Path base = work.resolve(name);
        int port = Ports.free();
        try {
            for (String directory : List.of("conf/Catalina/localhost", "lib", "logs", "temp", "webapps", "work")) {
                Files.createDirectories(base.resolve(directory));
            }
            for (String file : List.of("catalina.properties", "logging.properties", "web.xml", "context.xml", "tomcat-users.xml")) {
                Files.copy(home.resolve("conf").resolve(file), base.resolve("conf").resolve(file));
            }
            // Only the node's HTTP connector, on loopback; no shutdown port (the test stops it by PID).
            String server = Files.readString(home.resolve("conf/server.xml"))
                    .replace("port=\"8005\"", "port=\"-1\"")
                    .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"");
            Files.writeString(base.resolve("conf/server.xml"), server);
            try (Stream<Path> jars = Files.list(Path.of(required("redisson.lib")))) {
                for (Path jar : (Iterable<Path>) jars::iterator) {
                    Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));
                }
            }
            Files.copy(Path.of(required("pkcefilter.webapp.war")), base.resolve("webapps/pkce-filter-webapp.war"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(base.resolve("conf/Catalina/localhost/pkce-filter-webapp.xml"),
                    contextDescriptor(redissonConfig, Path.of(required("redisson.store.jar"))), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up node " + name, e);
        }
        Map<String, String> environment = Map.of(
                "CATALINA_HOME", home.toString(),
                "CATALINA_BASE", base.toString(),
                "JAVA_HOME", System.getProperty("java.home"),
                "CATALINA_OPTS", "-Xmx256m " + ServerProcess.SHORT_LIVED_SERIAL_JVM + " -Dpkcefilter.config=" + settings
                        + " -Dpkcefilter.redisson.config=" + redissonConfig);
        return new TomcatNode(name, base, port, environment);
    }

    /**
     * The guide's context descriptor: Redisson's manager reads sessions from Redis on each request and writes an
     * attribute when the app sets it (the filter sets each change again), and the store jar joins the web app's
     * own classes without changing the WAR.
     */
    static String contextDescriptor(Path redissonConfig, Path storeJar) {
        return String.join("\n",
                "<Context>",
                "  <Manager className=\"org.redisson.tomcat.RedissonSessionManager\"",
                "           configPath=\"" + redissonConfig + "\"",
                "           readMode=\"REDIS\" updateMode=\"DEFAULT\" broadcastSessionEvents=\"false\"",
                "           keyPrefix=\"pkce-filter-example\"/>",
                "  <Resources>",
                "    <PostResources className=\"org.apache.catalina.webresources.JarResourceSet\"",
                "                   base=\"" + storeJar + "\" webAppMount=\"/WEB-INF/classes\"/>",
                "  </Resources>",
                "</Context>",
                "");
    }

    /**
     * The file a system property names, as a real path: Tomcat ignores a resource whose path differs from its
     * canonical form (a "..", a symbolic link), which Maven's relative paths have.
     */
    /** The guide's Redisson YAML: the Redis address, and Java serialization, which the filter's attributes promise. */
    static String redissonYaml(String address) {
        return String.join("\n",
                "singleServerConfig:",
                "  address: \"" + address + "\"",
                "codec: !<org.redisson.codec.SerializationCodec> {}",
                "");
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.exists(Path.of(value))) {
            throw new IllegalStateException("expected system property " + property + " to name a file, found " + value
                    + " (run through Maven: the failsafe configuration sets it)");
        }
        try {
            return Path.of(value).toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it and returns once Tomcat says it has started, the web app included. */
    TomcatNode start() {
        Path home = Path.of(environment.get("CATALINA_HOME"));
        // sh: the zip keeps no execute permissions.
        process = ServerProcess.start("tomcat-" + name, List.of("sh", home.resolve("bin/catalina.sh").toString(), "run"),
                environment, base, base.resolve("logs/console-" + System.nanoTime() + ".log"),
                line -> line.contains("Server startup in"), Duration.ofSeconds(120));
        return this;
    }

    /** Kills the JVM (SIGKILL): no session is saved or handed over on the way out. */
    void kill() {
        process.kill();
    }

    int port() {
        return port;
    }

    String appUrl() {
        return "http://127.0.0.1:" + port + CONTEXT_PATH;
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public String toString() {
        return "node " + name + " on port " + port;
    }
}
