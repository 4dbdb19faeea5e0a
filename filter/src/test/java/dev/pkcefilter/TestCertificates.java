package dev.pkcefilter;

import dev.pkcefilter.testcertificates.CertificateMaker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * Self-signed certificates made for one test (by {@link CertificateMaker}, in this JVM, as keytool makes them),
 * valid from a day before now for three days (or from a day given relative to now), so that no test depends on a
 * date. Each comes as a PKCS#12 keystore and as PEM.
 */
public final class TestCertificates {

    /** The password of every keystore made here. */
    public static final String PASSWORD = "test-keystore-password";

    private TestCertificates() {
    }

    /**
     * @param keystore the PKCS#12 file, with {@link #PASSWORD}
     * @param pem the certificate followed by its key
     * @param certificatePem the certificate alone
     * @param keyPem the key alone, PKCS#8
     */
    public record Issued(Path keystore, Path pem, Path certificatePem, Path keyPem, X509Certificate certificate, PrivateKey key) {
    }

    /**
     * @param name the files' base name, and the alias
     * @param subject the certificate's distinguished name
     * @param extension an extension as keytool's {@code -ext} writes it, which {@link CertificateMaker#extension} takes ({@code san=ip:127.0.0.1}, {@code eku=serverAuth}),
     *     or null
     * @param keyAlgorithm {@code EC} (P-256), {@code RSA} (2048 bits) or {@code RSA<bits>}
     */
    public static Issued selfSigned(Path dir, String name, String subject, String extension, String keyAlgorithm) {
        return selfSigned(dir, name, subject, extension, keyAlgorithm, -1);
    }

    /**
     * As {@link #selfSigned(Path, String, String, String, String)}, valid for three days from {@code startDays} days
     * from now: 364 covers the default {@link MutableClock}, which stands a year ahead.
     */
    public static Issued selfSigned(Path dir, String name, String subject, String extension, String keyAlgorithm, int startDays) {
        KeyPair keys = CertificateMaker.keyPair(keyAlgorithm);
        CertificateMaker maker = CertificateMaker.certificate(subject, keys.getPublic(), Duration.ofDays(3))
                .startingIn(Duration.ofDays(startDays));
        if (extension != null) {
            maker.extension(extension);
        }
        X509Certificate certificate = maker.selfSigned(keys.getPrivate());
        Path keystore = CertificateMaker.writeKeystore(dir.resolve(name + ".p12"), "PKCS12", name, keys.getPrivate(),
                PASSWORD, certificate);
        try {
            String certificateText = CertificateMaker.pem("CERTIFICATE", certificate.getEncoded());
            String keyText = CertificateMaker.pem("PRIVATE KEY", keys.getPrivate().getEncoded());
            Path pem = Files.writeString(dir.resolve(name + ".pem"), certificateText + keyText);
            Path certificatePem = Files.writeString(dir.resolve(name + "-cert.pem"), certificateText);
            Path keyPem = Files.writeString(dir.resolve(name + "-key.pem"), keyText);
            return new Issued(keystore, pem, certificatePem, keyPem, certificate, keys.getPrivate());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot write the certificate " + name, e);
        }
    }
}
