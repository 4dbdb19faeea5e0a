package dev.pkcefilter.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.TestCertificates;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mutual TLS and trust store settings: read once at startup, each mistake named with its key. */
class TlsSettingsTest {

    @TempDir
    static Path dir;
    private static TestCertificates.Issued certificate;

    @BeforeAll
    static void certificate() {
        certificate = TestCertificates.selfSigned(dir, "client", "CN=orders-app", null, "RSA");
    }

    private static FilterSettings.Builder client() {
        return FilterSettings.builder().issuer("https://login.example.com").set("proxy.allowed-hosts", "app.example.com")
                .clientId("orders-app");
    }

    @Test
    void buildWhenTlsClientAuthHasItsCertificateThenNoSecretIsNeededAndTheSettingsLineShowsTheSubject() {
        FilterSettings.Builder builder = client().clientAuthMethod("tls_client_auth").clientTlsCertificate(certificate.keystore().toString())
                .clientTlsPassword(TestCertificates.PASSWORD);
        FilterSettings settings = builder.build();
        Registration registration = TestSettings.only(TestSettings.of(builder));
        assertEquals(ClientAuthMethod.TLS_CLIENT_AUTH, registration.clientAuthMethod());
        assertEquals(certificate.certificate(), registration.tls().certificate().certificate());
        String line = settings.toString();
        assertTrue(line.contains("client.tls.presented=ClientCertificate[subject=CN=orders-app"), line);
        assertFalse(line.contains(TestCertificates.PASSWORD), line);
    }

    @Test
    void buildWhenMutualTlsLacksItsCertificateOrHasASecretThenEachIsNamed() {
        List<String> problems = assertThrows(SettingsException.class, () -> client().clientAuthMethod("self_signed_tls_client_auth")
                .clientSecret("left-over").build()).problems();
        assertEquals(List.of("client.secret: expected no client secret with client.auth-method=self_signed_tls_client_auth, found one"
                        + " (remove it, so nobody thinks it is used)",
                "client.tls.certificate: expected the client's certificate and key for self_signed_tls_client_auth (a PKCS#12"
                        + " keystore, or PEM), found nothing"), problems);
    }

    @Test
    void buildWhenCompanionKeysComeWithoutTheirFileThenEachIsNamed() {
        List<String> problems = assertThrows(SettingsException.class, () -> client().clientSecret("s")
                .clientTlsPassword("p").clientTlsKey("/k.pem").tlsTrustStorePassword("changeit").build()).problems();
        assertEquals(List.of("client.tls.key: expected only with client.tls.certificate, found it set without it",
                "client.tls.password: expected only with client.tls.certificate, found it set without it",
                "tls.trust-store.password: expected only with tls.trust-store, found it set without it"), problems);
    }

    @Test
    void buildWhenANamedProvidersFilesAreUnusableThenTheProblemsCarryItsPrefix() {
        List<String> problems = assertThrows(SettingsException.class, () -> client().clientSecret("s")
                .provider("partner", "issuer", "https://partner.example.org").provider("partner", "client.id", "b")
                .provider("partner", "client.auth-method", "tls_client_auth")
                .provider("partner", "client.tls.certificate", certificate.certificatePem().toString())
                .provider("partner", "tls.trust-store", dir.resolve("missing.pem").toString()).build()).problems();
        assertEquals(List.of("provider.partner.client.tls.certificate: expected the private key in the PEM file at "
                        + certificate.certificatePem() + " or a key file of its own (client.tls.key), found neither",
                "provider.partner.tls.trust-store: expected a readable trust store file at " + dir.resolve("missing.pem")
                        + ", found NoSuchFileException"), problems);
    }

    @Test
    void buildWhenTheKeyFileOfAPemCertificateIsMissingThenTheProblemNamesTheKeySetting() {
        Path missing = dir.resolve("missing-key.pem");
        assertEquals(List.of("client.tls.key: expected a readable private key file at " + missing + ", found NoSuchFileException"),
                assertThrows(SettingsException.class, () -> client().clientAuthMethod("tls_client_auth")
                        .clientTlsCertificate(certificate.certificatePem().toString()).clientTlsKey(missing.toString()).build())
                        .problems());
    }

    @Test
    void buildWhenOnlyATrustStoreIsSetThenCallsTrustItAndPresentNoCertificate() {
        Registration registration = TestSettings.only(TestSettings.of(client().clientSecret("s")
                .tlsTrustStore(certificate.certificatePem().toString())));
        assertNull(registration.tls().certificate());
        assertTrue(registration.tls().socketFactory() != null, "not the JVM's default");
    }
}
