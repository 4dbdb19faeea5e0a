package dev.pkcefilter.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's nginx as a TLS-terminating reverse proxy in front of the protected app, for tests.
 *
 * <p>Listens on {@code https://127.0.0.1:<free port>} with a self-signed certificate for {@code 127.0.0.1}
 * made by the openssl CLI, and forwards {@code /app/...} to {@code http://127.0.0.1:<app port>/...} with
 * {@code X-Forwarded-Proto/-Host/-Port/-Prefix/-For}. It connects to the app from {@value #PROXY_ADDRESS}, so
 * the app can trust it while requests a test sends to the app directly (from 127.0.0.1) stay untrusted.
 * Nothing else is rewritten: not {@code Location} headers, not cookies, not the {@code Host} header.
 *
 * <p>Everything nginx writes (pid, logs, temp files) stays in the given directory.
 */
public final class NginxProxy implements AutoCloseable {

    /** The source address of nginx's connections to the app. */
    public static final String PROXY_ADDRESS = "127.0.0.2";
    /** The path prefix under which nginx serves the app. */
    public static final String PREFIX = "/app";

    /** The master logs this (at notice level) after it has bound its sockets and forked its worker. */
    private static final String READY_LINE = "start worker processes";
    private static final int PORT_ATTEMPTS = 5;
    private static final long STARTUP_SECONDS = 20;

    private final ServerProcess master;
    private final int port;
    private final Path certificate;

    private NginxProxy(ServerProcess master, int port, Path certificate) {
        this.master = master;
        this.port = port;
        this.certificate = certificate;
    }

    /**
     * Makes a certificate, writes the configuration and starts nginx in the foreground, returning once it
     * listens.
     *
     * @param directory an empty directory for the certificate, configuration, logs and temp files
     * @param appPort the port of the app on 127.0.0.1
     * @throws IllegalStateException when nginx or openssl is missing or nginx does not start
     */
    public static NginxProxy start(Path directory, int appPort) {
        return start(directory, Map.of(PREFIX, appPort));
    }

    /**
     * Like {@link #start(Path, int)}, for several apps on one host, each under its own prefix.
     *
     * @param appsByPrefix each prefix, such as {@code /apps/shop}, with the port of its app on 127.0.0.1
     */
    public static NginxProxy start(Path directory, Map<String, Integer> appsByPrefix) {
        Path nginx = RequiredTool.NGINX.require();
        Path openssl = RequiredTool.OPENSSL.require();
        Path certificate = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        run(directory, openssl.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key.toString(), "-out", certificate.toString());
        // The port is chosen before nginx binds it, so another process may take it in between: try again then.
        for (int attempt = 1; ; attempt++) {
            int port = Ports.free();
            try {
                return startOn(nginx, directory, port, appsByPrefix, certificate, key);
            } catch (IllegalStateException e) {
                if (attempt == PORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static NginxProxy startOn(Path nginx, Path directory, int port, Map<String, Integer> appsByPrefix,
            Path certificate, Path key) {
        Path config = directory.resolve("nginx.conf");
        try {
            Files.createDirectories(directory.resolve("temp"));
            Files.writeString(config, NginxConfig.render(directory, port, appsByPrefix, certificate, key));
            // In the foreground: ServerProcess owns the master, reads its log (stderr, at notice level) for the ready
            // line and keeps reading, so nginx never blocks on a full pipe.
            ServerProcess master = ServerProcess.start("nginx", List.of(nginx.toString(), "-e", "stderr", "-p", directory + "/",
                    "-c", config.toString()), Map.of(), directory, directory.resolve("nginx-error.log"),
                    line -> line.contains(READY_LINE), Duration.ofSeconds(STARTUP_SECONDS));
            return new NginxProxy(master, port, certificate);
        } catch (IOException e) {
            throw new IllegalStateException("nginx could not be started in " + directory, e);
        }
    }

    /** @return {@code https://127.0.0.1:<port>} */
    URI origin() {
        return URI.create("https://127.0.0.1:" + port);
    }

    /** @return the app's root through the proxy: {@code https://127.0.0.1:<port>/app} */
    public URI appUri() {
        return appUri(PREFIX);
    }

    /** @return the root of the app under {@code prefix} through the proxy */
    public URI appUri(String prefix) {
        return URI.create(origin() + prefix);
    }

    public int port() {
        return port;
    }

    /** @return a TLS context that trusts this proxy's certificate and nothing else */
    public SSLContext trustingSslContext() {
        try (InputStream pem = Files.newInputStream(certificate)) {
            Certificate cert = CertificateFactory.getInstance("X.509").generateCertificate(pem);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("nginx", cert);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the proxy's certificate " + certificate, e);
        }
    }

    /** Stops nginx by its PID (SIGTERM: fast shutdown; KILL if it outlives the wait). */
    @Override
    public void close() {
        master.close();
    }

    private static void run(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command[0] + " interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "NginxProxy[" + appUri() + "]";
    }
}
