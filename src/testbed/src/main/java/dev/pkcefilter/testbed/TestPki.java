package dev.pkcefilter.testbed;

import dev.pkcefilter.testcertificates.CertificateMaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;

/**
 * A certificate authority made for one test run (by {@link CertificateMaker}, in this JVM), and the certificates of
 * mutual TLS that it issues: a server certificate for {@code localhost} and {@code 127.0.0.1}, and client
 * certificates. Each is valid from now for two days, so no test depends on a date. Every certificate comes as a PKCS#12 keystore (password
 * {@link #PASSWORD}) and as PEM, as the servers under test (Keycloak, node, nginx) and the filter's settings take
 * them.
 */
public final class TestPki {

    /** The password of every keystore made here. */
    public static final String PASSWORD = "test-pki-password";
    /** As keytool's {@code -validity 2}: from now for two days. */
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final Path dir;
    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final Path caPem;

    private TestPki(Path dir, X509Certificate ca, PrivateKey caKey, Path caPem) {
        this.dir = dir;
        this.ca = ca;
        this.caKey = caKey;
        this.caPem = caPem;
    }

    /**
     * @param keystore PKCS#12 with the key, the certificate and its chain, alias {@code name}
     * @param certificatePem the certificate, then the CA's for an issued one
     * @param keyPem the private key, PKCS#8
     * @param certificate the certificate itself
     * @param privateKey its key, for the leak check
     */
    public record Issued(Path keystore, Path certificatePem, Path keyPem, X509Certificate certificate, PrivateKey privateKey) {

        /** @return the SHA-256 thumbprint, base64url: the {@code x5t#S256} of a token bound to it (RFC 8705 §3.1) */
        public String thumbprint() {
            try {
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @return the certificate as base64 DER, as a JWK's {@code x5c} holds it */
        public String base64Der() {
            try {
                return Base64.getEncoder().encodeToString(certificate.getEncoded());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @return the private key's encoded form, base64, for the leak check */
        public String secret() {
            return Base64.getEncoder().encodeToString(privateKey.getEncoded());
        }
    }

    /** Makes the CA in a new directory under {@code parent}: a run never meets an earlier run's files. */
    public static TestPki create(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(parent), "pki-");
        KeyPair keys = CertificateMaker.keyPair("EC");
        X509Certificate ca = CertificateMaker.certificate("CN=pkce-filter test CA", keys.getPublic(), VALIDITY)
                .extension("bc:c").selfSigned(keys.getPrivate());
        Path caPem = Files.writeString(dir.resolve("ca.pem"), pem(ca));
        return new TestPki(dir, ca, keys.getPrivate(), caPem);
    }

    /** @return the CA's certificate, PEM: the trust store of whoever checks what it issued */
    public Path caPem() {
        return caPem;
    }

    /** @return a certificate for a server on {@code localhost} and {@code 127.0.0.1} */
    public Issued server(String name) throws IOException {
        return issue(name, "CN=localhost", "san=dns:localhost,ip:127.0.0.1");
    }

    /** @return a client certificate with this subject, issued by the CA ({@code tls_client_auth}) */
    public Issued client(String name, String subject) throws IOException {
        return issue(name, subject, null);
    }

    /** @return a self-signed client certificate ({@code self_signed_tls_client_auth}), unknown to the CA */
    public Issued selfSigned(String name, String subject) throws IOException {
        KeyPair keys = CertificateMaker.keyPair("EC");
        X509Certificate certificate = CertificateMaker.certificate(subject, keys.getPublic(), VALIDITY).selfSigned(keys.getPrivate());
        return write(name, keys.getPrivate(), certificate);
    }

    private Issued issue(String name, String subject, String extension) throws IOException {
        KeyPair keys = CertificateMaker.keyPair("EC");
        CertificateMaker maker = CertificateMaker.certificate(subject, keys.getPublic(), VALIDITY);
        if (extension != null) {
            maker.extension(extension);
        }
        return write(name, keys.getPrivate(), maker.issuedBy(ca, caKey), ca);
    }

    /** The keystore holds the key with its chain; the PEM file the certificate, then the CA's for an issued one. */
    private Issued write(String name, PrivateKey key, X509Certificate... chain) throws IOException {
        Path keystore = CertificateMaker.writeKeystore(dir.resolve(name + ".p12"), "PKCS12", name, key, PASSWORD, chain);
        StringBuilder chainPem = new StringBuilder();
        for (X509Certificate certificate : chain) {
            chainPem.append(pem(certificate));
        }
        Path certificatePem = Files.writeString(dir.resolve(name + "-cert.pem"), chainPem);
        Path keyPem = Files.writeString(dir.resolve(name + "-key.pem"), CertificateMaker.pem("PRIVATE KEY", key.getEncoded()));
        return new Issued(keystore, certificatePem, keyPem, chain[0], key);
    }

    private static String pem(X509Certificate certificate) throws IOException {
        try {
            return CertificateMaker.pem("CERTIFICATE", certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode " + certificate.getSubjectX500Principal(), e);
        }
    }
}
