package dev.pkcefilter.internal.tls;

import dev.pkcefilter.internal.credentials.KeyStoreFile;
import dev.pkcefilter.internal.credentials.PemFiles;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;

/**
 * The certificates a provider's TLS certificate is checked against, when they are not the JVM's (a company CA in
 * front of an internal Keycloak): a PEM file of CA certificates, or a PKCS#12 or JKS trust store. Read once at
 * startup. Failures are {@link IllegalArgumentException}s naming the file and what was expected.
 */
public final class TrustAnchors {

    private TrustAnchors() {
    }

    /**
     * @param path the file
     * @param password the trust store's password; null for PEM
     * @return a key store of trusted certificates, at least one
     */
    public static KeyStore read(String path, String password) {
        byte[] content = PemFiles.read(path, "trust store");
        String text = PemFiles.text(content);
        KeyStore store = PemFiles.isPem(text) ? fromPem(text, path)
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
        // Java reads no certificate from a PKCS#12 file whose certificates are encrypted when it has no password, nor
        // one that OpenSSL wrote without Java's trusted-certificate attribute.
        throw new IllegalArgumentException("expected a trusted certificate in " + path + ", found none"
                + (PemFiles.isPem(text) ? "" : " (a PKCS#12 store may need tls.trust-store.password; a PEM file of the CA"
                        + " certificates always works)"));
    }

    private static KeyStore fromPem(String text, String path) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int count = 0;
            for (X509Certificate certificate : PemFiles.certificates(text, path)) {
                store.setCertificateEntry("ca-" + count++, certificate);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("expected a trust store to hold the certificates of " + path
                    + ", found the JDK cannot make one (" + e.getClass().getSimpleName() + ")");
        }
    }
}
