package dev.pkcefilter.interop;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.testbed.Ports;
import dev.pkcefilter.testbed.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Keycloak, from the distribution zip the build unpacked ({@code interop.keycloak.home}), in development mode
 * with an in-memory database, importing the realm in {@code src/interop/keycloak/interop-realm.json}. The
 * realm file is a template: ports, secrets and public keys of this run are filled in ({@code @@NAME@@}).
 * Back-channel logout is started through the admin API, with the realm's own service account.
 */
final class KeycloakServer implements InteropProvider {

    static final String REALM = "interop";
    private static final Duration PATIENCE = Duration.ofSeconds(300);
    private static final Pattern PLACEHOLDER = Pattern.compile("@@([A-Z0-9_]+)@@");

    private final ServerProcess process;
    private final String origin;
    private final InteropClients clients;
    private final MutualTlsClients mutualTls;
    private final int httpsPort;
    private final int fapi2Port;
    private final String adminSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private KeycloakServer(ServerProcess process, String origin, InteropClients clients, MutualTlsClients mutualTls, int httpsPort,
            int fapi2Port, String adminSecret) {
        this.process = process;
        this.origin = origin;
        this.clients = clients;
        this.mutualTls = mutualTls;
        this.httpsPort = httpsPort;
        this.fapi2Port = fapi2Port;
        this.adminSecret = adminSecret;
    }

    /**
     * @param work a directory for keys and the log
     * @param password the password of the realm's user {@code alice}
     * @throws IllegalStateException when Keycloak does not start; the message has its log's tail
     */
    static KeycloakServer start(Path work, String password) throws IOException {
        Path home = Path.of(System.getProperty("interop.keycloak.home"));
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("no Keycloak at " + home + ": the build unpacks it (mvn verify -pl src/interop)");
        }
        InteropClients clients = new InteropClients("kc", Files.createDirectories(work.resolve("keys")));
        String adminSecret = InteropClients.randomSecret();
        Map<String, String> values = new HashMap<>();
        values.put("USER_PASSWORD", password);
        values.put("SECRET_INTEROP_ADMIN", adminSecret);
        for (Method method : Method.values()) {
            String name = clients.clientId(method).replace('-', '_').toUpperCase(java.util.Locale.ROOT);
            values.put("PORT_" + name, Integer.toString(clients.port(method)));
            values.put(method.usesSecret() ? "SECRET_" + name : "JWKS_" + name,
                    method.usesSecret() ? clients.secret(method) : jsonStringContent(clients.publicJwks(method)));
        }
        MutualTlsClients mutualTls = new MutualTlsClients(work.resolve("pki"), "kc", List.of("tls_client_auth"));
        values.put("PORT_KC_MTLS_PKI", Integer.toString(mutualTls.client("tls_client_auth").port()));
        // kc-fapi2 shares kc-jwk's key; the realm's client policy holds it to Keycloak's FAPI 2.0 DPoP profile.
        int fapi2Port = Ports.free();
        values.put("PORT_KC_FAPI2", Integer.toString(fapi2Port));
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.writeString(imports.resolve("interop-realm.json"), filled(
                Files.readString(Path.of(System.getProperty("interop.keycloak.realm"))), values));

        int port = Ports.free();
        int httpsPort = Ports.free();
        String origin = "http://127.0.0.1:" + port;
        // No fixed hostname: the issuer follows the listener a request came to, http for the suite and https for
        // mutual TLS, whose https listener asks for (and checks against the test CA) a client certificate.
        List<String> command = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-host=127.0.0.1", "--http-port=" + port, "--https-port=" + httpsPort,
                "--https-certificate-file=" + mutualTls.server().certificatePem(),
                "--https-certificate-key-file=" + mutualTls.server().keyPem(), "--https-client-auth=request",
                "--truststore-paths=" + mutualTls.pki().caPem(),
                "--http-management-port=" + Ports.free(), "--db=dev-mem", "--import-realm");
        ServerProcess process = ServerProcess.start("keycloak", command, Map.of("JAVA_HOME", System.getProperty("java.home"),
                        "JAVA_OPTS_APPEND", ServerProcess.SHORT_LIVED_JVM),
                home, work.resolve("keycloak.log"), line -> line.contains("Listening on: " + origin),
                PATIENCE);
        return new KeycloakServer(process, origin, clients, mutualTls, httpsPort, fapi2Port, adminSecret);
    }

    private static String filled(String template, Map<String, String> values) {
        Matcher placeholder = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholder.find()) {
            String value = values.get(placeholder.group(1));
            if (value == null) {
                throw new IllegalStateException("the realm template names " + placeholder.group() + ", which has no value");
            }
            placeholder.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholder.appendTail(out);
        if (out.indexOf("@@") >= 0) {
            throw new IllegalStateException("the realm template has a placeholder that is not @@NAME@@ with A-Z, 0-9 and _: "
                    + out.substring(out.indexOf("@@"), Math.min(out.length(), out.indexOf("@@") + 40)));
        }
        return out.toString();
    }

    /** @return the text as it stands between the quotes of a JSON string */
    private static String jsonStringContent(String text) {
        String quoted = JSONObjectUtils.toJSONString(Map.of("v", text));
        return quoted.substring("{\"v\":\"".length(), quoted.length() - 2);
    }

    @Override
    public String issuer() {
        return origin + "/realms/" + REALM;
    }

    @Override
    public MutualTlsClients mutualTls() {
        return mutualTls;
    }

    /** The same realm on the https listener: Keycloak's issuer follows the request, and its mTLS aliases are its endpoints. */
    @Override
    public String mutualTlsIssuer() {
        return "https://127.0.0.1:" + httpsPort + "/realms/" + REALM;
    }

    /**
     * @return the port of the app registered as {@code kc-fapi2}: private_key_jwt with kc-jwk's key, and held by
     *         the realm's client policy {@code pkce-filter-fapi2} to the executors of Keycloak's
     *         {@code fapi-2-dpop-security-profile}
     */
    int fapi2Port() {
        return fapi2Port;
    }

    /** @return where the realm publishes its keys, on the http listener */
    java.net.URL jwksUrl() {
        try {
            return URI.create(issuer() + "/protocol/openid-connect/certs").toURL();
        } catch (java.net.MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InteropClients clients() {
        return clients;
    }

    @Override
    public By loginForm() {
        return By.id("kc-login");
    }

    /** With {@code id_token_hint}, Keycloak logs out without asking. */
    @Override
    public void confirmLogout(ChromeDriver driver) {
    }

    /** The admin API's "log out user" ends every session of the user and notifies each client's back-channel URL. */
    @Override
    public void endSessionAtProvider(ChromeDriver driver, String user) {
        String id = (String) admin("GET", "/users?exact=true&username=" + encode(user)).get(0).get("id");
        admin("POST", "/users/" + id + "/logout");
    }

    @Override
    public int refreshGrants(String clientId) {
        return admin("GET", "/events?type=REFRESH_TOKEN&max=1000&client=" + encode(clientId)).size();
    }

    @Override
    public List<String> refusalDescriptions() {
        return List.of("Invalid client or Invalid client credentials", "Client authentication with signed JWT failed");
    }

    private List<Map<String, Object>> admin(String method, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + "/admin/realms/" + REALM + path))
                .header("Authorization", "Bearer " + adminToken()).header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build();
        String body = send(request, method + " " + path);
        try {
            return body.isBlank() ? List.of() : JSONArrayUtils.parse(body).stream().map(KeycloakServer::object).toList();
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("the admin API answered " + method + " " + path + " with no JSON array");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    private String adminToken() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=interop-admin"
                        + "&client_secret=" + encode(adminSecret)))
                .timeout(Duration.ofSeconds(20)).build();
        try {
            return JSONObjectUtils.getString(JSONObjectUtils.parse(send(request, "the admin token")), "access_token");
        } catch (java.text.ParseException e) {
            throw new IllegalStateException("Keycloak's token endpoint gave the admin client no token");
        }
    }

    private String send(HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(what + ": Keycloak answered HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(what + ": Keycloak did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.close();
    }

    @Override
    public String toString() {
        return "Keycloak[" + issuer() + "]";
    }
}
