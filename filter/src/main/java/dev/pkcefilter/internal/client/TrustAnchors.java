package dev.pkcefilter.internal.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificates a provider's TLS certificate is checked against, when they are not the JVM's (a company CA in
 * front of an internal Keycloak): a PEM file of CA certificates, or a PKCS#12 or JKS trust store. Read once at
 * startup. Failures are {@link IllegalArgumentException}s naming the file and what was expected.
 */
public final class TrustAnchors {

    private static final Pattern CERTIFICATE_BLOCK = Pattern.compile("-----BEGIN CERTIFICATE-----[\\s\\S]*?-----END CERTIFICATE-----");

    private TrustAnchors() {
    }

    /**
     * @param path the file
     * @param password the trust store's password; null for PEM
     * @return a key store of trusted certificates, at least one
     */
    public static KeyStore read(String path, String password) {
        byte[] content;
        try {
            content = Files.readAllBytes(Paths.get(path));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("expected a readable trust store at " + path + ", found " + e.getClass().getSimpleName());
        }
        String text = new String(content, StandardCharsets.UTF_8).trim();
        KeyStore store = text.startsWith("-----BEGIN") ? fromPem(text, path)
                : KeyStoreFile.open(content, password == null ? null : password.toCharArray(), path,
                        "a PEM, PKCS#12 or JKS trust store");
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    return store;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("expected a readable trust store at " + path + ", found one whose entries cannot be listed");
        }
        throw new IllegalArgumentException("expected a trusted certificate in " + path + ", found none");
    }

    private static KeyStore fromPem(String text, String path) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher block = CERTIFICATE_BLOCK.matcher(text);
            int count = 0;
            while (block.find()) {
                store.setCertificateEntry("ca-" + count++, factory.generateCertificate(
                        new ByteArrayInputStream(block.group().getBytes(StandardCharsets.US_ASCII))));
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("expected X.509 certificates in the CERTIFICATE blocks of " + path
                    + ", found one that does not parse");
        }
    }
}
