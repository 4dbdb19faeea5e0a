package dev.pkcefilter.internal.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.util.Base64URL;
import dev.pkcefilter.TestCertificates;
import dev.pkcefilter.testcertificates.CertificateMaker;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Base64;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client certificate of mutual TLS, from each file form, and what it refuses at startup. */
class ClientCertificateTest {

    @TempDir
    static Path dir;
    private static TestCertificates.Issued rsa;
    private static TestCertificates.Issued ec;

    @BeforeAll
    static void certificates() {
        rsa = TestCertificates.selfSigned(dir, "orders", "CN=orders-app,O=Example", null, "RSA");
        ec = TestCertificates.selfSigned(dir, "other", "CN=other-app", null, "EC");
    }

    @Test
    void readWhenPkcs12ThenTheCertificateAndItsSha256Thumbprint() throws Exception {
        ClientCertificate read = ClientCertificate.read(rsa.keystore().toString(), null, TestCertificates.PASSWORD, null);
        assertEquals(rsa.certificate(), read.certificate());
        assertEquals("CN=orders-app,O=Example", read.subject());
        assertEquals(Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(rsa.certificate().getEncoded())).toString(),
                read.thumbprint(), "x5t#S256 of RFC 8705 §3.1");
    }

    @Test
    void readWhenPemWithTheKeyInTheSameFileOrItsOwnThenTheSameCertificate() {
        assertEquals(ec.certificate(), ClientCertificate.read(ec.pem().toString(), null, null, null).certificate());
        assertEquals(ec.certificate(), ClientCertificate.read(ec.certificatePem().toString(), ec.keyPem().toString(), null, null)
                .certificate());
    }

    @Test
    void readWhenTheKeyIsAnotherCertificatesThenRefusedAtStartupNamingTheSubject() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> ClientCertificate.read(rsa.certificatePem().toString(), ec.keyPem().toString(), null, null));
        assertEquals("expected the private key of the certificate in " + rsa.certificatePem() + " (subject CN=orders-app,O=Example),"
                + " found another key", refused.getMessage());
    }

    @Test
    void readWhenAPemCertificateHasNoKeyThenTheMessageNamesTheKeySetting() {
        assertEquals("expected the private key in the PEM file at " + rsa.certificatePem() + " or a key file of its own"
                + " (client.tls.key), found neither", assertThrows(IllegalArgumentException.class,
                        () -> ClientCertificate.read(rsa.certificatePem().toString(), null, null, null)).getMessage());
    }

    @Test
    void readWhenThePasswordIsWrongOrMissingThenTheMessageSaysSoWithoutIt() {
        String wrong = "not-" + TestCertificates.PASSWORD;
        String message = assertThrows(IllegalArgumentException.class,
                () -> ClientCertificate.read(rsa.keystore().toString(), null, wrong, null)).getMessage();
        assertTrue(message.contains("found the password wrong"), message);
        assertFalse(message.contains(wrong), message);
        assertEquals("expected a password for the keystore at " + rsa.keystore() + " (or a PEM file), found none",
                assertThrows(IllegalArgumentException.class, () -> ClientCertificate.read(rsa.keystore().toString(), null, null, null))
                        .getMessage());
    }

    @Test
    void readWhenTheSettingHoldsKeyMaterialInsteadOfAPathThenItIsNotQuoted() {
        String material = CertificateMaker.pem("PRIVATE KEY", ec.key().getEncoded());
        String message = assertThrows(IllegalArgumentException.class, () -> ClientCertificate.read(material, null, null, null))
                .getMessage();
        assertFalse(message.contains(Base64.getEncoder().encodeToString(ec.key().getEncoded()).substring(0, 40)), message);
        assertTrue(message.contains("found key material"), message);
    }

    @Test
    void readWhenThePemListsAnotherCertificateFirstThenTheKeysOwnIsPresentedFirst() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("ca-first.pem"), java.nio.file.Files.readString(rsa.certificatePem())
                + java.nio.file.Files.readString(ec.pem()));
        ClientCertificate read = ClientCertificate.read(file.toString(), null, null, null);
        assertEquals(ec.certificate(), read.certificate());
        assertArrayEquals(new Object[] {ec.certificate(), rsa.certificate()},
                read.keyManager().getCertificateChain(read.keyManager().chooseClientAlias(new String[] {"EC"}, null, null)));
    }

    @Test
    void readWhenThePemStartsWithAByteOrderMarkAndOpenSslBagAttributesThenItIsStillPem() throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("bag.pem"), "\uFEFFBag Attributes\n    localKeyID: 01 00\n"
                + java.nio.file.Files.readString(ec.pem()));
        assertEquals(ec.certificate(), ClientCertificate.read(file.toString(), null, null, null).certificate());
    }

    @Test
    void readWhenTheCertificateIsForServersOnlyThenRefusedNamingTheUsage() {
        TestCertificates.Issued server = TestCertificates.selfSigned(dir, "server-only", "CN=server-only", "eku=serverAuth", "EC");
        String message = assertThrows(IllegalArgumentException.class,
                () -> ClientCertificate.read(server.pem().toString(), null, null, null)).getMessage();
        assertEquals("expected the certificate in " + server.pem() + " (subject CN=server-only) to allow TLS client"
                + " authentication (extended key usage clientAuth), found only [1.3.6.1.5.5.7.3.1]", message);
    }

    @Test
    void validAtWhenAskedWithTheFiltersClockThenTrueWithinTheValidityOnly() {
        ClientCertificate read = ClientCertificate.read(ec.pem().toString(), null, null, null);
        long notAfter = ec.certificate().getNotAfter().getTime();
        assertTrue(read.validAt(notAfter));
        assertFalse(read.validAt(notAfter + 1000));
        assertFalse(read.validAt(ec.certificate().getNotBefore().getTime() - 1000));
    }

    /**
     * A server names the CAs it accepts; the JDK's key manager would then offer no self-signed certificate at all,
     * and the handshake would go on without one (RFC 8705 §2.2 is exactly that case).
     */
    @Test
    void keyManagerWhenTheServerAcceptsOtherIssuersThenItStillPresentsTheCertificate() {
        X509ExtendedKeyManager manager = ClientCertificate.read(ec.pem().toString(), null, null, null).keyManager();
        Principal[] otherCas = {new X500Principal("CN=Some Other CA")};
        String alias = manager.chooseClientAlias(new String[] {"EC", "RSA"}, otherCas, null);
        assertArrayEquals(new Object[] {ec.certificate()}, manager.getCertificateChain(alias));
        assertEquals(ec.key(), manager.getPrivateKey(alias));
        assertNull(manager.chooseServerAlias("EC", null, null), "never a server certificate");
    }

    @Test
    void toStringWhenPrintedThenSubjectAndThumbprintAndNoKey() {
        ClientCertificate read = ClientCertificate.read(ec.pem().toString(), null, null, null);
        String shown = read.toString();
        assertTrue(shown.contains("subject=CN=other-app") && shown.contains("x5t#S256=" + read.thumbprint()), shown);
        assertFalse(shown.contains(Base64URL.encode(ec.key().getEncoded()).toString().substring(0, 40)), shown);
    }
}
