package dev.pkcefilter.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test run by the JDK's keytool, and the certificates of mutual TLS that it
 * issues: a server certificate for {@code localhost} and {@code 127.0.0.1}, and client certificates. Each is valid
 * from now for two days, so no test depends on a date. Every certificate comes as a PKCS#12 keystore (password
 * {@link #PASSWORD}) and as PEM, as the servers under test (Keycloak, node, nginx) and the filter's settings take
 * them.
 */
public final class TestPki {

    /** The password of every keystore made here. */
    public static final String PASSWORD = "test-pki-password";

    private final Path dir;
    private final Path caKeystore;
    private final Path caPem;

    private TestPki(Path dir, Path caKeystore, Path caPem) {
        this.dir = dir;
        this.caKeystore = caKeystore;
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
        Path ca = dir.resolve("ca.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=pkce-filter test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        Path caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-storepass", PASSWORD, "-file", caPem.toString());
        return new TestPki(dir, ca, caPem);
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
        Path keystore = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject, "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        return read(name, keystore, false);
    }

    private Issued issue(String name, String subject, String extension) throws IOException {
        Path keystore = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", subject, "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        Path request = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", name, "-keystore", keystore.toString(), "-storepass", PASSWORD, "-file", request.toString());
        Path signed = dir.resolve(name + ".crt");
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", caKeystore.toString(),
                "-storepass", PASSWORD, "-infile", request.toString(), "-outfile", signed.toString(), "-rfc", "-validity", "2"));
        if (extension != null) {
            gencert.addAll(List.of("-ext", extension));
        }
        keytool(gencert.toArray(new String[0]));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", keystore.toString(),
                "-storepass", PASSWORD);
        keytool("-importcert", "-alias", name, "-file", signed.toString(), "-keystore", keystore.toString(), "-storepass", PASSWORD);
        return read(name, keystore, true);
    }

    private Issued read(String name, Path keystore, boolean withCa) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(name);
            PrivateKey key = (PrivateKey) store.getKey(name, PASSWORD.toCharArray());
            String chain = pem("CERTIFICATE", certificate.getEncoded()) + (withCa ? Files.readString(caPem) : "");
            Path certificatePem = Files.writeString(dir.resolve(name + "-cert.pem"), chain);
            Path keyPem = Files.writeString(dir.resolve(name + "-key.pem"), pem("PRIVATE KEY", key.getEncoded()));
            return new Issued(keystore, certificatePem, keyPem, certificate, key);
        } catch (GeneralSecurityException e) {
            throw new IOException("the keystore keytool made cannot be read: " + keystore, e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
