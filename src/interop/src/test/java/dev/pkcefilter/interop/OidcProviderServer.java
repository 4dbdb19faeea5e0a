package dev.pkcefilter.interop;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.RequiredTool;
import dev.pkcefilter.testbed.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * node {@code oidc-provider}, from {@code src/interop/oidc-provider} ({@code server.mjs}, its version pinned
 * by the lock file, installed with {@code npm ci} on first use), configured by a JSON file this class writes:
 * the user, and one client per method with this run's ports, secrets and public keys.
 */
final class OidcProviderServer implements InteropProvider {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Duration NPM_PATIENCE = Duration.ofMinutes(5);

    private final ServerProcess process;
    private final String issuer;
    private final InteropClients clients;
    private final MutualTlsClients mutualTls;
    private final int mutualTlsPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OidcProviderServer(ServerProcess process, String issuer, InteropClients clients, MutualTlsClients mutualTls,
            int mutualTlsPort) {
        this.process = process;
        this.issuer = issuer;
        this.clients = clients;
        this.mutualTls = mutualTls;
        this.mutualTlsPort = mutualTlsPort;
    }

    /**
     * @param work a directory for keys, the configuration and the log
     * @param password the password of the user {@code alice}
     * @throws IllegalStateException when npm or the provider fail; the message has the log's tail
     */
    static OidcProviderServer start(Path work, String password) throws IOException {
        Path directory = Path.of(System.getProperty("interop.oidc-provider.dir"));
        installPackages(directory, work.resolve("npm-ci.log"));
        InteropClients clients = new InteropClients("op", Files.createDirectories(work.resolve("keys")));
        MutualTlsClients mutualTls = new MutualTlsClients(work.resolve("pki"), "op",
                List.of("tls_client_auth", "self_signed_tls_client_auth"));
        int port = Ports.free();
        int mutualTlsPort = Ports.free();
        Path config = work.resolve("oidc-provider.json");
        Map<String, Object> configuration = configuration(port, clients, password, mutualTls);
        configuration.put("mtls", Map.of("port", mutualTlsPort, "key", mutualTls.server().keyPem().toString(),
                "cert", mutualTls.server().certificatePem().toString(), "ca", mutualTls.pki().caPem().toString()));
        Files.writeString(config, JSONObjectUtils.toJSONString(configuration));
        String issuer = "http://127.0.0.1:" + port;
        ServerProcess process = ServerProcess.start("oidc-provider", List.of(RequiredTool.NODE.require().toString(), "server.mjs", config.toString()),
                Map.of(), directory, work.resolve("oidc-provider.log"), line -> line.equals("oidc-provider ready " + issuer),
                PATIENCE);
        return new OidcProviderServer(process, issuer, clients, mutualTls, mutualTlsPort);
    }

    /** {@code npm ci} from the lock file, unless an earlier run installed it already. */
    private static void installPackages(Path directory, Path log) throws IOException {
        if (Files.isDirectory(directory.resolve("node_modules/oidc-provider"))) {
            return;
        }
        Process npm = new ProcessBuilder(RequiredTool.NPM.require().toString(), "ci", "--no-audit", "--no-fund").directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!npm.waitFor(NPM_PATIENCE.toMinutes(), TimeUnit.MINUTES) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci failed in " + directory + "; its output:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during npm ci", e);
        }
    }

    private static Map<String, Object> configuration(int port, InteropClients clients, String password, MutualTlsClients mutualTls)
            throws IOException {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("name", "Alice Liddell");
        claims.put("preferred_username", InteropSuite.USER);
        claims.put("email", "alice@example.com");
        claims.put("email_verified", true);
        claims.put("roles", List.of("staff", "admin"));
        claims.put("groups", List.of("/readers"));
        List<Object> registered = new ArrayList<>();
        for (Method method : Method.values()) {
            Map<String, Object> client = new LinkedHashMap<>();
            String origin = clients.appOrigin(method);
            client.put("client_id", clients.clientId(method));
            client.put("token_endpoint_auth_method", method.registeredName());
            client.put("redirect_uris", List.of(origin + "/oauth2/callback"));
            client.put("post_logout_redirect_uris", List.of(origin + "/", origin + "/oauth2/logged-out"));
            client.put("backchannel_logout_uri", origin + "/oauth2/backchannel-logout");
            if (method.usesSecret()) {
                client.put("client_secret", clients.secret(method));
            } else {
                client.put("jwks", parse(clients.publicJwks(method)));
            }
            client.put("token_endpoint_auth_signing_alg", switch (method) {
                case CLIENT_SECRET_JWT -> "HS256";
                case PRIVATE_KEY_JWT_PEM -> "RS256";
                case PRIVATE_KEY_JWT_JWK -> "ES256";
                default -> null;
            });
            // As kc-jwk at Keycloak: ES256 ID tokens, which its settings name in id-token.algorithms.
            client.put("id_token_signed_response_alg", method == Method.PRIVATE_KEY_JWT_JWK ? "ES256" : null);
            client.values().removeIf(value -> value == null);
            registered.add(client);
        }
        // Certificate-bound tokens (RFC 8705 §3) and ES256 ID tokens, so that the FAPI 2.0 switch can use these clients.
        for (String method : List.of("tls_client_auth", "self_signed_tls_client_auth")) {
            MutualTlsClients.Client mtls = mutualTls.client(method);
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("client_id", mtls.clientId());
            client.put("token_endpoint_auth_method", method);
            client.put("redirect_uris", List.of(mtls.origin() + "/oauth2/callback"));
            client.put("post_logout_redirect_uris", List.of(mtls.origin() + "/", mtls.origin() + "/oauth2/logged-out"));
            client.put("tls_client_certificate_bound_access_tokens", true);
            client.put("id_token_signed_response_alg", "ES256");
            if ("tls_client_auth".equals(method)) {
                client.put("tls_client_auth_subject_dn", "CN=" + mtls.clientId());
            } else {
                client.put("jwks", parse(mtls.publicJwks()));
            }
            registered.add(client);
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("port", port);
        configuration.put("accessTokenTtlSeconds", 60);
        configuration.put("users", List.of(Map.of("username", InteropSuite.USER, "password", password, "claims", claims)));
        configuration.put("clients", registered);
        return configuration;
    }

    private static Map<String, Object> parse(String json) throws IOException {
        try {
            return JSONObjectUtils.parse(json);
        } catch (java.text.ParseException e) {
            throw new IOException("not a JSON object", e);
        }
    }

    @Override
    public String issuer() {
        return issuer;
    }

    @Override
    public InteropClients clients() {
        return clients;
    }

    @Override
    public By loginForm() {
        return By.id("login");
    }

    /** oidc-provider asks whether to sign out of the provider too: yes. */
    @Override
    public void confirmLogout(ChromeDriver driver) {
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
    }

    /** Its end-session endpoint, in the browser (its session cookie), without an app: it calls every app back. */
    @Override
    public void endSessionAtProvider(ChromeDriver driver, String user) {
        driver.get(issuer + "/session/end");
        confirmLogout(driver);
        new WebDriverWait(driver, PATIENCE).until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
    }

    /** Counts every client's: the suite runs one app at a time. */
    @Override
    public int refreshGrants(String clientId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/test/token-requests"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return JSONObjectUtils.getInt(JSONObjectUtils.parse(response.body()), "refresh_token");
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("oidc-provider's /test/token-requests did not answer with counts", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public MutualTlsClients mutualTls() {
        return mutualTls;
    }

    /** @return the userinfo endpoint on the mutual TLS listener, which checks a bound token's certificate */
    URI mutualTlsUserInfo() {
        return URI.create("https://127.0.0.1:" + mutualTlsPort + "/me");
    }

    /** @return the x5t#S256 of the last access token issued to the client, or null when it was not certificate-bound */
    String boundThumbprint(String clientId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/test/bound-tokens")).timeout(Duration.ofSeconds(10)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return (String) JSONObjectUtils.parse(response.body()).get(clientId);
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("oidc-provider's /test/bound-tokens did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public List<String> refusalDescriptions() {
        return List.of("client authentication failed");
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "OidcProvider[" + issuer + "]";
    }
}
