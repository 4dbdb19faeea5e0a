package dev.pkcefilter.containers.cluster;

import dev.pkcefilter.testbed.NginxConfig;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.RequiredTool;
import dev.pkcefilter.testbed.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx in front of the nodes: one upstream, round robin, no stickiness. A node that refuses connections
 * is skipped for the request (nginx's default {@code proxy_next_upstream error timeout}), as a load balancer
 * does when a node dies. Each response names the node that answered in {@code X-Upstream}, so tests can see the
 * requests of one login spread over the nodes.
 */
final class RoundRobinNginx implements AutoCloseable {

    private final ServerProcess process;
    private final int port;

    private RoundRobinNginx(ServerProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    static RoundRobinNginx start(Path directory, int port, List<Integer> nodePorts) {
        try {
            Files.createDirectories(directory.resolve("temp"));
            Path config = directory.resolve("nginx.conf");
            Files.writeString(config, config(directory, port, nodePorts));
            ServerProcess process = ServerProcess.start("nginx", List.of(RequiredTool.NGINX.require().toString(), "-c", config.toString(), "-e", "stderr"),
                    Map.of(), directory, directory.resolve("nginx.log"), line -> line.contains("start worker process"),
                    Duration.ofSeconds(30));
            return new RoundRobinNginx(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a free port for {@link #start}, chosen before the nodes start, since their settings name it */
    static int choosePort() {
        return Ports.free();
    }

    private static String config(Path directory, int port, List<Integer> nodePorts) {
        StringBuilder servers = new StringBuilder();
        for (int nodePort : nodePorts) {
            // max_fails=0: a dead node is tried (and skipped) on every request, so a restarted one is used at once.
            servers.append("    server 127.0.0.1:").append(nodePort).append(" max_fails=0;\n");
        }
        return NginxConfig.withHttp(directory, 1024, String.join("\n",
                "  upstream app {",
                servers.toString(),
                "  }",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    location / {",
                "      proxy_pass http://app;",
                "      proxy_set_header Host $host:$server_port;",
                "      proxy_redirect off;",
                "      add_header X-Upstream $upstream_addr always;",
                "    }",
                "  }"));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
