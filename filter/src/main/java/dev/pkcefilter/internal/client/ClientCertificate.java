package dev.pkcefilter.internal.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.util.Base64URL;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The client's TLS certificate and its private key, for mutual TLS with the provider (RFC 8705): as client
 * authentication ({@code tls_client_auth}, {@code self_signed_tls_client_auth}) and for certificate-bound access
 * tokens. Read once at startup from a PKCS#12 or JKS keystore, or from PEM (the certificate chain, and the key in
 * the same file or in its own). Every failure is an {@link IllegalArgumentException} whose message names the file
 * and what was expected, never key material or a password; {@link #toString()} shows the subject and thumbprint.
 */
public final class ClientCertificate {

    private static final Pattern PKCS8_BLOCK = Pattern.compile("-----BEGIN PRIVATE KEY-----([\\s\\S]*?)-----END PRIVATE KEY-----");
    private static final Pattern CERTIFICATE_BLOCK = Pattern.compile("-----BEGIN CERTIFICATE-----[\\s\\S]*?-----END CERTIFICATE-----");

    private final X509Certificate[] chain;
    private final PrivateKey key;

    private ClientCertificate(X509Certificate[] chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /**
     * @param path a PKCS#12 or JKS keystore, or a PEM file with the certificate (its chain may follow it)
     * @param keyPath a PEM file with the private key, when {@code path} is PEM without it; else null
     * @param password the keystore's password; null for PEM
     * @param alias the keystore alias, or null when the keystore has one key
     */
    public static ClientCertificate read(String path, String keyPath, String password, String alias) {
        byte[] content = bytes(path, "certificate");
        String text = new String(content, StandardCharsets.UTF_8).trim();
        ClientCertificate read;
        if (text.startsWith("-----BEGIN")) {
            if (password != null || alias != null) {
                throw new IllegalArgumentException("expected no password or alias with the PEM file at " + path
                        + " (they are for keystores), found one");
            }
            X509Certificate[] chain = pemChain(text, path);
            if (keyPath == null && !text.contains("PRIVATE KEY-----")) {
                throw new IllegalArgumentException("expected the private key in the PEM file at " + path
                        + " or a key file of its own (client.tls.key), found neither");
            }
            String keyText = keyPath == null ? text : new String(bytes(keyPath, "private key"), StandardCharsets.UTF_8);
            read = new ClientCertificate(chain, pemPrivateKey(keyText));
        } else {
            if (keyPath != null) {
                throw new IllegalArgumentException("expected the key inside the keystore at " + path
                        + " (a separate key file is for PEM certificates), found a key file too");
            }
            read = fromKeyStore(content, path, password, alias);
        }
        read.requireMatchingKey(path);
        return read;
    }

    private static byte[] bytes(String path, String what) {
        if (KeyMaterial.looksLike(path)) {
            throw new IllegalArgumentException("expected the path of the " + what + " file, found key material"
                    + " (not shown: give the file's path, not ${file:...} of it)");
        }
        try {
            return Files.readAllBytes(Paths.get(path));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("expected a readable " + what + " file at " + path + ", found "
                    + e.getClass().getSimpleName());
        }
    }

    private static X509Certificate[] pemChain(String text, String path) {
        List<X509Certificate> chain = new ArrayList<>();
        Matcher block = CERTIFICATE_BLOCK.matcher(text);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (block.find()) {
                chain.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("expected X.509 certificates in the CERTIFICATE blocks of " + path
                    + ", found one that does not parse");
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("expected a CERTIFICATE block in the PEM file at " + path + ", found none");
        }
        return chain.toArray(new X509Certificate[0]);
    }

    /**
     * A PKCS#8 key is read as it is: the certificate holds the public half, which the JDK and keytool leave out of
     * an EC key's PKCS#8 form. The older PKCS#1 and SEC1 forms go through {@link PemPrivateKey}.
     */
    private static PrivateKey pemPrivateKey(String text) {
        Matcher block = PKCS8_BLOCK.matcher(text);
        if (block.find()) {
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(block.group(1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected base64 content in the PEM block, found text that does not decode");
            }
            for (String algorithm : new String[] {"RSA", "EC"}) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    // not this algorithm: try the next
                }
            }
            throw new IllegalArgumentException("expected an RSA or EC key in the PRIVATE KEY block, found another");
        }
        try {
            return ((AsymmetricJWK) PemPrivateKey.read(text)).toPrivateKey();
        } catch (JOSEException | ClassCastException e) {
            throw new IllegalArgumentException("expected an RSA or EC private key, found one that cannot be used");
        }
    }

    private static ClientCertificate fromKeyStore(byte[] content, String path, String password, String alias) {
        if (password == null) {
            throw new IllegalArgumentException("expected a password for the keystore at " + path + " (or a PEM file), found none");
        }
        char[] secret = password.toCharArray();
        KeyStore store = KeyStoreFile.open(content, secret, path, "a PEM, PKCS#12 or JKS certificate file");
        String entry = alias != null ? alias : KeyStoreFile.onlyKeyAlias(store, path);
        try {
            if (!store.isKeyEntry(entry)) {
                throw new IllegalArgumentException("expected a private key under alias '" + entry + "' in the keystore at " + path
                        + ", found " + KeyStoreFile.aliases(store));
            }
            Certificate[] certificates = store.getCertificateChain(entry);
            java.security.Key key = store.getKey(entry, secret);
            if (certificates == null || certificates.length == 0 || !(key instanceof PrivateKey)) {
                throw new IllegalArgumentException("expected a private key with its certificate under alias '" + entry + "' in "
                        + path + ", found none");
            }
            X509Certificate[] chain = new X509Certificate[certificates.length];
            for (int i = 0; i < certificates.length; i++) {
                chain[i] = (X509Certificate) certificates[i];
            }
            return new ClientCertificate(chain, (PrivateKey) key);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("expected the key under alias '" + entry + "' in " + path
                    + " to open with the keystore password, found it does not (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * A key that is not the certificate's would fail only at the provider, in a TLS handshake whose error says
     * nothing about this file: signing a test value here says it at startup.
     */
    private void requireMatchingKey(String path) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : null;
        if (algorithm == null) {
            throw new IllegalArgumentException("expected an RSA or EC key for the certificate in " + path + ", found a "
                    + key.getAlgorithm() + " key");
        }
        byte[] probe = "pkce-filter client certificate check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(chain[0].getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new IllegalArgumentException("expected the private key of the certificate in " + path + " (subject "
                    + subject() + "), found another key");
        }
    }

    /** @return the certificate the client presents; the first of its chain */
    public X509Certificate certificate() {
        return chain[0];
    }

    /** @return the certificate's subject, as RFC 2253 writes it */
    public String subject() {
        return chain[0].getSubjectX500Principal().getName();
    }

    /**
     * @return the certificate's SHA-256 thumbprint, base64url: the {@code x5t#S256} that a certificate-bound access
     *     token's {@code cnf} claim holds (RFC 8705 §3.1)
     */
    public String thumbprint() {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded())).toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK");
        }
    }

    /**
     * @return a key manager that always presents this certificate. The JDK's own would present none when the
     *     server's list of acceptable CAs does not name its issuer, which is always so for a self-signed certificate
     *     (RFC 8705 §2.2): the handshake would go on without one, and the provider's refusal would not say why.
     */
    public X509ExtendedKeyManager keyManager() {
        return new OneCertificate(chain, key);
    }

    @Override
    public String toString() {
        return "ClientCertificate[subject=" + subject() + ", x5t#S256=" + thumbprint() + ", notAfter="
                + chain[0].getNotAfter().toInstant() + "]";
    }

    /** Presents one certificate to every server that asks, and none as a server. */
    private static final class OneCertificate extends X509ExtendedKeyManager {

        private static final String ALIAS = "pkce-filter-client";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        OneCertificate(X509Certificate[] chain, PrivateKey key) {
            this.chain = chain;
            this.key = key;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
