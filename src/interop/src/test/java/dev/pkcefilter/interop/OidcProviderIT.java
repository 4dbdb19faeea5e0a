package dev.pkcefilter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.HeadlessChromium;
import dev.pkcefilter.testbed.ProtectedApp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link InteropSuite} against node oidc-provider 9 (pinned in {@code src/interop/oidc-provider/package-lock.json}). */
class OidcProviderIT extends InteropSuite {

    private static OidcProviderServer provider;

    @BeforeAll
    static void startProviderAndBrowser() throws Exception {
        Path work = Files.createDirectories(Path.of(System.getProperty("interop.work"), "oidc-provider"));
        provider = OidcProviderServer.start(work, PASSWORD);
        startBrowser(work);
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.close();
        }
    }

    @Override
    InteropProvider provider() {
        return provider;
    }

    /**
     * self_signed_tls_client_auth (RFC 8705 §2.2): the provider knows the client by the certificate in its registered
     * JWK set. The access token comes back bound to that certificate; the filter's userinfo call (made during the
     * login) and the app's own call through {@code TokenAccess.tlsContext()} present it at the mutual TLS alias,
     * while the same token over the plain listener, without a certificate, is refused.
     */
    @Test
    void loginWithSelfSignedTlsClientAuthThenTheTokenIsBoundToTheCertificateAndUsableOnlyWithIt() {
        MutualTlsClients.Client client = provider.mutualTls().client("self_signed_tls_client_auth");
        try (ProtectedApp app = mutualTlsApp(client.method(), settings -> settings.userInfoEnabled(true))) {
            signIn(app, "/reports?mode=mtls");
            assertEquals(client.certificate().thumbprint(), provider.boundThumbprint(client.clientId()), "cnf x5t#S256");

            Map<String, Object> withCertificate = apiCall(app, provider.mutualTlsUserInfo());
            assertEquals(200L, ((Number) withCertificate.get("status")).longValue(), withCertificate.toString());
            assertTrue(String.valueOf(withCertificate.get("body")).contains(USER), withCertificate.toString());
            Map<String, Object> withoutCertificate = apiCall(app, URI.create(provider.issuer() + "/me"));
            assertEquals(401L, ((Number) withoutCertificate.get("status")).longValue(), withoutCertificate.toString());
        }
    }

    /**
     * The FAPI 2.0 switch with mutual TLS in place of private_key_jwt and DPoP: tls_client_auth with a certificate from
     * the test CA, the request pushed to the PAR alias, and the token bound to the certificate.
     */
    @Test
    void loginWithTheFapi2ProfileOverMutualTlsThenPushedAndCertificateBound() {
        MutualTlsClients.Client client = provider.mutualTls().client("tls_client_auth");
        try (ProtectedApp app = mutualTlsApp(client.method(), settings -> settings.profile("fapi2-security"))) {
            HeadlessChromium.requestsSent(driver);
            signIn(app, "/reports?mode=fapi2-mtls");
            assertPushed(HeadlessChromium.requestsSent(driver), provider.issuer());
            assertEquals(client.certificate().thumbprint(), provider.boundThumbprint(client.clientId()), "cnf x5t#S256");
        }
    }
}
