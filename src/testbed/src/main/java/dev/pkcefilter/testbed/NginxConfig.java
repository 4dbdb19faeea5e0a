package dev.pkcefilter.testbed;

import java.nio.file.Path;
import java.util.Map;

/** The configuration {@link NginxProxy} runs nginx with. */
public final class NginxConfig {

    private NginxConfig() {
    }

    /**
     * @param directory where pid, access log and temp files go
     * @param port the TLS port on 127.0.0.1
     * @param appsByPrefix each app's path prefix and its port on 127.0.0.1
     * @param certificate the PEM certificate
     * @param key its PEM private key
     * @return the text of nginx.conf
     */
    public static String render(Path directory, int port, Map<String, Integer> appsByPrefix, Path certificate, Path key) {
        return withHttp(directory, 128, String.join("\n",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    server_name 127.0.0.1;",
                "    ssl_certificate " + certificate + ";",
                "    ssl_certificate_key " + key + ";",
                locations(appsByPrefix),
                "  }"));
    }

    /**
     * An nginx.conf for a test: nginx in the foreground with one worker, its pid, logs and temp files in {@code
     * directory}, and the given {@code http} block's content.
     *
     * @param directory where pid, access log and temp files go (its {@code temp} directory must exist)
     * @param workerConnections the worker's connection limit
     * @param httpContent what goes inside {@code http { }}: upstreams and servers
     * @return the text of nginx.conf
     */
    public static String withHttp(Path directory, int workerConnections, String httpContent) {
        Path temp = directory.resolve("temp");
        return String.join("\n",
                // In the foreground, so the test owns the master process and reads its log on stderr.
                "daemon off;",
                // Workers running as root can use the temp dir, which only root may enter; as non-root the
                // directive would only earn a warning, so it is left out.
                isRoot() ? "user root;" : "",
                "worker_processes 1;",
                "pid " + directory.resolve("nginx.pid") + ";",
                // notice: the master's "start worker processes" line tells the test that nginx is listening.
                "error_log stderr notice;",
                "events { worker_connections " + workerConnections + "; }",
                "http {",
                "  access_log " + directory.resolve("access.log") + ";",
                "  client_body_temp_path " + temp.resolve("client_body") + ";",
                "  proxy_temp_path " + temp.resolve("proxy") + ";",
                "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";",
                "  scgi_temp_path " + temp.resolve("scgi") + ";",
                httpContent,
                "}",
                "");
    }

    /**
     * One location per app: docs/proxies.md's block ({@link #location}), plus two lines for the test only.
     * Cookies are not rewritten (no {@code proxy_cookie_path}): the filter gives the session cookie the
     * prefix's path itself.
     */
    private static String locations(Map<String, Integer> appsByPrefix) {
        StringBuilder locations = new StringBuilder();
        appsByPrefix.forEach((prefix, appPort) -> locations.append(location(prefix, "127.0.0.1:" + appPort,
                // The app trusts this source address, so that requests a test sends directly stay untrusted.
                "proxy_bind " + NginxProxy.PROXY_ADDRESS + ";",
                // nginx would otherwise rewrite the app's absolute Location headers into the prefix and hide
                // a filter that builds them from the wrong origin.
                "proxy_redirect off;")).append('\n'));
        return locations.toString();
    }

    /**
     * The location block docs/proxies.md shows operators (a test keeps the two the same), indented as in
     * the guide.
     *
     * @param prefix the path under which the browser sees the app, such as {@code /orders}
     * @param upstream the app's {@code host:port}
     * @param testOnly lines added inside the block, after the guide's
     */
    public static String location(String prefix, String upstream, String... testOnly) {
        StringBuilder block = new StringBuilder("location " + prefix + "/ {\n")
                .append("    proxy_pass http://").append(upstream).append("/;\n")
                .append("    proxy_set_header Host              $host;\n")
                .append("    proxy_set_header X-Forwarded-Proto $scheme;\n")
                .append("    proxy_set_header X-Forwarded-Host  $host:$server_port;\n")
                .append("    proxy_set_header X-Forwarded-Port  $server_port;\n")
                .append("    proxy_set_header X-Forwarded-Prefix ").append(prefix).append(";\n")
                .append("    proxy_set_header X-Forwarded-For   $proxy_add_x_forwarded_for;\n")
                .append("    proxy_set_header Forwarded         \"\";\n");
        for (String line : testOnly) {
            block.append("    ").append(line).append('\n');
        }
        return block.append("}").toString();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
