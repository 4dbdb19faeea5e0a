package dev.pkcefilter.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.TestCertificates;
import dev.pkcefilter.TestKeys;
import dev.pkcefilter.TestSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code profile=fapi2-security}: what it asks of the client's settings, each shortfall named with its key. */
class Fapi2ProfileTest {

    @TempDir
    Path dir;

    private FilterSettings.Builder fapiClient(String keyFile) {
        return FilterSettings.builder().issuer("https://login.example.com").set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientAuthMethod("private_key_jwt").clientKey(dir.resolve(keyFile).toString())
                .dpop(true).profile("fapi2-security");
    }

    @Test
    void buildWhenTheClientMeetsTheProfileThenEveryRequestIsPushedAndOnlyItsAlgorithmsAreAccepted() throws Exception {
        TestKeys.write(dir, "ec.jwk", new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toJSONString());
        Registration registration = TestSettings.only(TestSettings.of(fapiClient("ec.jwk")));
        assertTrue(registration.fapi2());
        assertTrue(registration.pushAlways(), "the profile pushes every request, par=auto or not");
        assertEquals(Set.of("PS256", "ES256", "EdDSA"), registration.idTokenAlgorithms(), "the profile's own list replaces RS256");
    }

    @Test
    void buildWhenTheClientFallsShortThenEachUnmetRequirementIsNamed() throws Exception {
        TestKeys.write(dir, "rsa.jwk", new RSAKeyGenerator(2048).keyID("k1").generate().toJSONString());
        List<String> problems = assertThrows(SettingsException.class, () -> TestSettings.of(fapiClient("rsa.jwk")
                .clientKeyAlgorithm("RS256").dpop(false).idTokenAlgorithms("RS256", "PS256")
                .clientAssertionAudience("token-endpoint"))).problems();
        assertEquals(List.of(
                "id-token.algorithms: expected only [PS256, ES256, EdDSA, Ed25519] with profile=fapi2-security, found [RS256]",
                "client.key.algorithm: expected PS256 or ES256 for profile=fapi2-security, found RS256",
                "client.assertion.audience: expected issuer for profile=fapi2-security, found token-endpoint",
                "dpop: expected true for profile=fapi2-security, or a client.tls.certificate for certificate-bound tokens"
                        + " (sender-constrained tokens), found neither"), problems);
    }

    @Test
    void buildWhenAClientSecretIsUsedThenTheProfileAsksForPrivateKeyJwt() {
        List<String> problems = assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder()
                .issuer("https://login.example.com").set("proxy.allowed-hosts", "app.example.com").clientId("app")
                .clientSecret("a-secret").dpop(true).profile("fapi2-security"))).problems();
        assertEquals(List.of("client.auth-method: expected private_key_jwt, tls_client_auth or self_signed_tls_client_auth"
                + " for profile=fapi2-security, found client_secret_basic"), problems);
    }

    /** Mutual TLS meets both halves of the profile: client authentication, and certificate-bound tokens instead of DPoP. */
    @Test
    void buildWhenTheClientUsesMutualTlsWithoutDpopThenTheProfileIsMet() {
        TestCertificates.Issued certificate = TestCertificates.selfSigned(dir, "client", "CN=app", null, "EC");
        Registration registration = TestSettings.only(TestSettings.of(FilterSettings.builder().issuer("https://login.example.com")
                .set("proxy.allowed-hosts", "app.example.com").clientId("app").clientAuthMethod("tls_client_auth")
                .clientTlsCertificate(certificate.pem().toString()).profile("fapi2-security")));
        assertTrue(registration.fapi2());
        assertEquals(certificate.certificate(), registration.tls().certificate().certificate());
    }

    @Test
    void buildWhenTheClientCertificatesRsaKeyIsShortThenTheProfileRefusesIt() {
        TestCertificates.Issued weak = TestCertificates.selfSigned(dir, "weak", "CN=app", null, "RSA1024");
        assertEquals(List.of("client.tls.certificate: expected an RSA key of at least 2048 bits for profile=fapi2-security, found 1024"),
                assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder().issuer("https://login.example.com")
                        .set("proxy.allowed-hosts", "app.example.com").clientId("app").clientAuthMethod("tls_client_auth")
                        .clientTlsCertificate(weak.pem().toString()).profile("fapi2-security"))).problems());
    }

    @Test
    void buildWhenTheProfileIsMisspeltThenRefused() {
        assertEquals(List.of("provider.partner.profile: expected fapi2-security or nothing, found 'fapi2'"),
                assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder()
                        .set("proxy.allowed-hosts", "app.example.com")
                        .provider("partner", "issuer", "https://partner.example.org").provider("partner", "client.id", "b")
                        .provider("partner", "client.secret", "s").provider("partner", "profile", "fapi2"))).problems());
    }
}
