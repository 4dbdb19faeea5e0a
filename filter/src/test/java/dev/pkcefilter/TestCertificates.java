package dev.pkcefilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made for one test by the JDK's own keytool (the JDK has no certificate API of its own),
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
     * @param extension an extension as keytool's {@code -ext} writes it ({@code san=ip:127.0.0.1}, {@code eku=serverAuth}),
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
        Path keystore = dir.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", keyAlgorithm.substring(0, 2).equals("EC") ? "EC" : "RSA", "-dname", subject,
                "-startdate", (startDays < 0 ? "-" : "+") + Math.abs(startDays) + "d", "-validity", "3", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        command.addAll("EC".equals(keyAlgorithm) ? List.of("-groupname", "secp256r1")
                : List.of("-keysize", keyAlgorithm.length() > 3 ? keyAlgorithm.substring(3) : "2048"));
        if (extension != null) {
            command.addAll(List.of("-ext", extension));
        }
        run(command);
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(name);
            PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
            String certificateText = pem("CERTIFICATE", certificate.getEncoded());
            String keyText = pem("PRIVATE KEY", key.getEncoded());
            Path pem = Files.writeString(dir.resolve(name + ".pem"), certificateText + keyText);
            Path certificatePem = Files.writeString(dir.resolve(name + "-cert.pem"), certificateText);
            Path keyPem = Files.writeString(dir.resolve(name + "-key.pem"), keyText);
            return new Issued(keystore, pem, certificatePem, keyPem, certificate, key);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the keystore keytool made cannot be read", e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("keytool could not run", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
