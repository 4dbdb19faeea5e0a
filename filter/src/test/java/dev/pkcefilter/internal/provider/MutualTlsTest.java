package dev.pkcefilter.internal.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.token.Tokens;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.TestCertificates;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.client.ClientAuthenticator;
import dev.pkcefilter.internal.endpoint.TokenExchange;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS (RFC 8705) over a real TLS connection: a JDK https server on loopback with a certificate of its own,
 * which needs a client certificate and trusts only the registered one (self_signed_tls_client_auth). It serves
 * discovery, with a token endpoint whose mutual TLS alias is another path, and the token endpoint.
 */
class MutualTlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates.Issued server;
    private static TestCertificates.Issued client;

    private HttpsServer https;
    private String issuer;
    /** The first certificate each token call presented, and its body. */
    private final List<Certificate> presented = new CopyOnWriteArrayList<>();
    private final List<String> tokenBodies = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void certificates() {
        server = TestCertificates.selfSigned(dir, "provider", "CN=127.0.0.1", "san=ip:127.0.0.1", "EC");
        client = TestCertificates.selfSigned(dir, "client", "CN=orders-app", null, "EC");
    }

    @BeforeEach
    void serve() throws Exception {
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext()) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        issuer = "https://127.0.0.1:" + https.getAddress().getPort() + "/realms/main";
        https.createContext("/realms/main/.well-known/openid-configuration", exchange -> answer(exchange, "{\"issuer\":\"" + issuer
                + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer + "/token\","
                + "\"mtls_endpoint_aliases\":{\"token_endpoint\":\"" + issuer + "/mtls/token\"},"
                + "\"jwks_uri\":\"" + issuer + "/jwks\",\"response_types_supported\":[\"code\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"self_signed_tls_client_auth\"],"
                + "\"tls_client_certificate_bound_access_tokens\":true}"));
        https.createContext("/realms/main/mtls/token", exchange -> {
            presented.add(((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]);
            try (InputStream in = exchange.getRequestBody()) {
                tokenBodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            answer(exchange, "{\"access_token\":\"bound-token\",\"token_type\":\"Bearer\",\"expires_in\":60}");
        });
        https.start();
    }

    @AfterEach
    void stop() {
        https.stop(0);
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore own = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(server.keystore())) {
            own.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(own, TestCertificates.PASSWORD.toCharArray());
        // Trusts the registered client's certificate, as a provider does for self_signed_tls_client_auth.
        KeyStore registered = KeyStore.getInstance("PKCS12");
        registered.load(null, null);
        registered.setCertificateEntry("orders-app", client.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(registered);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Settings settings(UnaryOperator<FilterSettings.Builder> change) {
        return TestSettings.of(change.apply(FilterSettings.builder().issuer(issuer).clientId("orders-app")
                .clientAuthMethod("self_signed_tls_client_auth").clientTlsCertificate(client.keystore().toString())
                .clientTlsPassword(TestCertificates.PASSWORD).tlsTrustStore(server.certificatePem().toString())
                .clock(MutableClock.followingSystem())));
    }

    @Test
    void tokenCallWhenTheClientHasACertificateThenTheAliasIsCalledPresentingItWithClientIdAndNoSecret() throws Exception {
        Settings settings = settings(UnaryOperator.identity());
        Registration registration = TestSettings.only(settings);
        Provider provider = new ProviderDiscovery(settings, registration).discover();
        assertEquals(issuer + "/mtls/token", provider.tokenEndpoint().toString(), "mtls_endpoint_aliases wins (RFC 8705 §5)");

        Tokens tokens = new TokenExchange(settings, registration, ClientAuthenticator.from(settings, registration))
                .refresh(provider, "refresh-1", null);

        assertEquals("bound-token", tokens.getAccessToken().getValue());
        assertEquals(List.of(client.certificate()), presented);
        List<String> parameters = new ArrayList<>(List.of(tokenBodies.get(0).split("&")));
        parameters.sort(null);
        assertEquals(List.of("client_id=orders-app", "grant_type=refresh_token", "refresh_token=refresh-1"), parameters,
                "client_id once, and neither secret nor assertion");
    }

    /**
     * The app's context presents the certificate too, and is its own: an app that initializes it again (here with the
     * JVM's trust and no certificate) leaves the filter's calls as they were.
     */
    @Test
    void tlsContextWhenTheAppUsesOrReinitializesItThenItPresentsTheCertificateAndTheFiltersCallsAreUnchanged() throws Exception {
        Settings settings = settings(UnaryOperator.identity());
        Registration registration = TestSettings.only(settings);
        SSLContext appContext = registration.tls().appContext();
        javax.net.ssl.HttpsURLConnection call = (javax.net.ssl.HttpsURLConnection) java.net.URI.create(issuer + "/mtls/token")
                .toURL().openConnection();
        call.setSSLSocketFactory(appContext.getSocketFactory());
        call.setRequestMethod("POST");
        call.setDoOutput(true);
        call.getOutputStream().close();
        assertEquals(200, call.getResponseCode());
        assertEquals(List.of(client.certificate()), presented, "the app's call presented the certificate");

        appContext.init(null, null, null);
        Provider provider = new ProviderDiscovery(settings, registration).discover();
        new TokenExchange(settings, registration, ClientAuthenticator.from(settings, registration)).refresh(provider, "refresh-1", null);
        assertEquals(List.of(client.certificate(), client.certificate()), presented, "the filter's call still trusts and presents");
    }

    @Test
    void discoverWhenTheProvidersCertificateIsNotInTheTrustStoreThenItIsNotReached() {
        // The client's own certificate as the only trust anchor: the provider's certificate is then unknown.
        Settings settings = settings(builder -> builder.tlsTrustStore(client.certificatePem().toString()));
        IOException refused = assertThrows(IOException.class, () -> new ProviderDiscovery(settings, TestSettings.only(settings)).discover());
        assertTrue(refused instanceof javax.net.ssl.SSLException, refused.toString());
    }
}
