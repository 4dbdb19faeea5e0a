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
 * valid from now for two days, so that no test depends on a date. Each comes as a PKCS#12 keystore and as PEM.
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
     * @param san a subjectAltName extension as keytool writes it ({@code ip:127.0.0.1}), or null
     * @param keyAlgorithm {@code EC} (P-256) or {@code RSA} (2048 bits)
     */
    public static Issued selfSigned(Path dir, String name, String subject, String san, String keyAlgorithm) {
        Path keystore = dir.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", keyAlgorithm, "-dname", subject, "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        command.addAll("EC".equals(keyAlgorithm) ? List.of("-groupname", "secp256r1") : List.of("-keysize", "2048"));
        if (san != null) {
            command.addAll(List.of("-ext", "san=" + san));
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
