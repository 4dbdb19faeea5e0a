package dev.pkcefilter.testcertificates;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateMakerTest {

    @Test
    void selfSignedWhenMadeThenTheJdkReadsItsNamesValidityAndExtensions() throws Exception {
        KeyPair keys = CertificateMaker.keyPair("EC");
        Instant before = Instant.now();
        X509Certificate certificate = CertificateMaker.certificate("CN=orders-app,O=Example", keys.getPublic(), Duration.ofDays(3))
                .startingIn(Duration.ofDays(-1)).extension("san=dns:localhost,ip:127.0.0.1").extension("eku=serverAuth")
                .selfSigned(keys.getPrivate());

        certificate.verify(keys.getPublic());
        assertEquals(3, certificate.getVersion());
        assertEquals(new X500Principal("CN=orders-app,O=Example"), certificate.getSubjectX500Principal());
        assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
        assertEquals(keys.getPublic(), certificate.getPublicKey());
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());
        // Whole seconds: X.509 times have no fractions.
        Instant notBefore = certificate.getNotBefore().toInstant();
        assertTrue(!notBefore.isAfter(before.minus(Duration.ofDays(1))) && notBefore.isAfter(before.minus(Duration.ofDays(1)).minusSeconds(2)),
                "from a day ago, found " + notBefore);
        assertEquals(Duration.ofDays(3), Duration.between(notBefore, certificate.getNotAfter().toInstant()));
        assertEquals(List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1")),
                certificate.getSubjectAlternativeNames().stream().map(name -> List.copyOf(name)).toList());
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage());
        assertEquals(-1, certificate.getBasicConstraints(), "not a certificate authority");
        assertTrue(certificate.getNonCriticalExtensionOIDs().contains("2.5.29.14"), "a subject key identifier");
    }

    @Test
    void issuedWhenMadeByTheCertificateAuthorityThenPkixValidatesTheChainAndRefusesAnotherAuthority() throws Exception {
        KeyPair caKeys = CertificateMaker.keyPair("EC");
        X509Certificate ca = CertificateMaker.certificate("CN=pkce-filter test CA", caKeys.getPublic(), Duration.ofDays(2))
                .extension("bc:c").selfSigned(caKeys.getPrivate());
        KeyPair clientKeys = CertificateMaker.keyPair("EC");
        X509Certificate client = CertificateMaker.certificate("CN=kc-mtls-pki", clientKeys.getPublic(), Duration.ofDays(2))
                .issuedBy(ca, caKeys.getPrivate());

        assertEquals(Integer.MAX_VALUE, ca.getBasicConstraints(), "a certificate authority without a path length");
        assertTrue(ca.getCriticalExtensionOIDs().contains("2.5.29.19"), "basic constraints are critical");
        assertEquals(ca.getSubjectX500Principal(), client.getIssuerX500Principal());
        assertTrue(client.getNonCriticalExtensionOIDs().contains("2.5.29.35"), "an authority key identifier");
        validate(client, ca);

        KeyPair otherKeys = CertificateMaker.keyPair("EC");
        X509Certificate other = CertificateMaker.certificate("CN=pkce-filter test CA", otherKeys.getPublic(), Duration.ofDays(2))
                .extension("bc:c").selfSigned(otherKeys.getPrivate());
        assertThrows(CertPathValidatorException.class, () -> validate(client, other));
    }

    @Test
    void keystoreWhenWrittenThenReadBackWithItsChainInBothTypes(@TempDir Path dir) throws Exception {
        KeyPair keys = CertificateMaker.keyPair("RSA1024");
        assertEquals(1024, ((RSAPublicKey) keys.getPublic()).getModulus().bitLength());
        X509Certificate certificate = CertificateMaker.certificate("CN=app", keys.getPublic(), Duration.ofDays(2))
                .selfSigned(keys.getPrivate());
        assertEquals("SHA256withRSA", certificate.getSigAlgName());
        for (String type : List.of("PKCS12", "JKS")) {
            Path file = CertificateMaker.writeKeystore(dir.resolve("client." + type), type, "client", keys.getPrivate(),
                    "store-pass", certificate);
            KeyStore store = KeyStore.getInstance(type);
            try (var in = Files.newInputStream(file)) {
                store.load(in, "store-pass".toCharArray());
            }
            assertEquals(List.of("client"), java.util.Collections.list(store.aliases()));
            assertArrayEquals(keys.getPrivate().getEncoded(), store.getKey("client", "store-pass".toCharArray()).getEncoded());
            assertEquals(certificate, store.getCertificate("client"));
        }
    }

    @Test
    void extensionWhenNotOneKeytoolWritesHereThenRefusedByName() {
        KeyPair keys = CertificateMaker.keyPair("EC");
        CertificateMaker maker = CertificateMaker.certificate("CN=app", keys.getPublic(), Duration.ofDays(2));
        assertEquals("expected an extension of san=, eku= or bc:c, found ku=digitalSignature",
                assertThrows(IllegalArgumentException.class, () -> maker.extension("ku=digitalSignature")).getMessage());
        assertEquals("expected san= names of dns: or ip:, found email:a@example.com",
                assertThrows(IllegalArgumentException.class, () -> maker.extension("san=email:a@example.com")).getMessage());
        assertEquals("expected a key algorithm of EC, RSA or RSA<bits>, found DSA",
                assertThrows(IllegalArgumentException.class, () -> CertificateMaker.keyPair("DSA")).getMessage());
    }

    private static void validate(X509Certificate certificate, X509Certificate trusted) throws Exception {
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(trusted, null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(Instant.now()));
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)), parameters);
    }
}
