package dev.pkcefilter.it;

import java.nio.file.Path;

/** The configuration {@link NginxProxy} runs nginx with. */
final class NginxConfig {

    private NginxConfig() {
    }

    /**
     * @param directory where pid, access log and temp files go
     * @param port the TLS port on 127.0.0.1
     * @param appPort the app's port on 127.0.0.1
     * @param certificate the PEM certificate
     * @param key its PEM private key
     * @return the text of nginx.conf
     */
    static String render(Path directory, int port, int appPort, Path certificate, Path key) {
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
                "events { worker_connections 128; }",
                "http {",
                "  access_log " + directory.resolve("access.log") + ";",
                "  client_body_temp_path " + temp.resolve("client_body") + ";",
                "  proxy_temp_path " + temp.resolve("proxy") + ";",
                "  fastcgi_temp_path " + temp.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + temp.resolve("uwsgi") + ";",
                "  scgi_temp_path " + temp.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    server_name 127.0.0.1;",
                "    ssl_certificate " + certificate + ";",
                "    ssl_certificate_key " + key + ";",
                "    location " + NginxProxy.PREFIX + "/ {",
                "      proxy_pass http://127.0.0.1:" + appPort + "/;",
                "      proxy_bind " + NginxProxy.PROXY_ADDRESS + ";",
                // nginx would otherwise rewrite the app's absolute Location headers into the prefix and hide
                // a filter that builds them from the wrong origin.
                "      proxy_redirect off;",
                "      proxy_set_header X-Forwarded-Proto $scheme;",
                "      proxy_set_header X-Forwarded-Host $host:$server_port;",
                "      proxy_set_header X-Forwarded-Port $server_port;",
                "      proxy_set_header X-Forwarded-Prefix " + NginxProxy.PREFIX + ";",
                "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                "    }",
                "  }",
                "}",
                "");
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
