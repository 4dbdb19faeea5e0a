package dev.pkcefilter.internal.tls;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.util.Base64URL;
import dev.pkcefilter.internal.credentials.KeyStoreFile;
import dev.pkcefilter.internal.credentials.PemFiles;
import dev.pkcefilter.internal.credentials.PemPrivateKey;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
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
    /** id-kp-clientAuth and anyExtendedKeyUsage (RFC 5280 §4.2.1.12). */
    private static final String CLIENT_AUTH_USAGE = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    private final X509Certificate[] chain;
    private final PrivateKey key;

    private ClientCertificate(X509Certificate[] chain, PrivateKey key) {
        this.chain = chain;
        this.key = key;
    }

    /**
     * A problem with the key file of a PEM certificate ({@code client.tls.key}), told apart so that the message names
     * that setting.
     */
    public static final class KeyFileProblem extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        KeyFileProblem(String message) {
            super(message);
        }
    }

    /**
     * @param path a PKCS#12 or JKS keystore, or a PEM file with the certificate and any of its chain
     * @param keyPath a PEM file with the private key, when {@code path} is PEM without it; else null
     * @param password the keystore's password; null for PEM
     * @param alias the keystore alias, or null when the keystore has one key
     * @throws KeyFileProblem when the key file cannot be used
     */
    public static ClientCertificate read(String path, String keyPath, String password, String alias) {
        byte[] content = PemFiles.read(path, "certificate");
        String text = PemFiles.text(content);
        ClientCertificate read;
        if (PemFiles.isPem(text)) {
            if (password != null || alias != null) {
                throw new IllegalArgumentException("expected no password or alias with the PEM file at " + path
                        + " (they are for keystores), found one");
            }
            List<X509Certificate> certificates = PemFiles.certificates(text, path);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("expected a CERTIFICATE block in the PEM file at " + path + ", found none");
            }
            PrivateKey key;
            if (keyPath == null) {
                if (!text.contains("PRIVATE KEY-----")) {
                    throw new IllegalArgumentException("expected the private key in the PEM file at " + path
                            + " or a key file of its own (client.tls.key), found neither");
                }
                key = pemPrivateKey(text);
            } else {
                try {
                    key = pemPrivateKey(PemFiles.text(PemFiles.read(keyPath, "private key")));
                } catch (IllegalArgumentException e) {
                    throw new KeyFileProblem(e.getMessage() + (e.getMessage().contains(keyPath) ? "" : " (in " + keyPath + ")"));
                }
            }
            read = new ClientCertificate(leafFirst(certificates, key, path), key);
        } else {
            if (keyPath != null) {
                throw new IllegalArgumentException("expected the key inside the keystore at " + path
                        + " (a separate key file is for PEM certificates), found a key file too");
            }
            read = fromKeyStore(content, path, password, alias);
            if (!matches(read.key, read.chain[0])) {
                throw new IllegalArgumentException("expected the private key of the certificate in " + path + " (subject "
                        + read.subject() + "), found another key");
            }
        }
        read.requireClientAuthUsage(path);
        return read;
    }

    /**
     * The certificate of the key goes first, whatever the file's order: some tools write the CA's certificate first.
     * A key that is no certificate's would fail only at the provider, in a TLS handshake whose error says nothing
     * about this file: finding no match here says it at startup.
     */
    private static X509Certificate[] leafFirst(List<X509Certificate> certificates, PrivateKey key, String path) {
        List<X509Certificate> chain = new ArrayList<>(certificates);
        List<String> subjects = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            if (matches(key, certificate)) {
                chain.remove(certificate);
                chain.add(0, certificate);
                return chain.toArray(new X509Certificate[0]);
            }
            subjects.add(certificate.getSubjectX500Principal().getName());
        }
        throw new IllegalArgumentException("expected the private key of the certificate in " + path + " (subject "
                + (subjects.size() == 1 ? subjects.get(0) : String.valueOf(subjects)) + "), found another key");
    }

    /** RFC 5280 §4.2.1.12: a certificate that lists its purposes must list TLS client authentication, or any. */
    private void requireClientAuthUsage(String path) {
        List<String> usages;
        try {
            usages = chain[0].getExtendedKeyUsage();
        } catch (java.security.cert.CertificateParsingException e) {
            throw new IllegalArgumentException("expected a readable extended key usage in the certificate in " + path
                    + ", found one that does not parse");
        }
        if (usages != null && !usages.contains(CLIENT_AUTH_USAGE) && !usages.contains(ANY_USAGE)) {
            throw new IllegalArgumentException("expected the certificate in " + path + " (subject " + subject()
                    + ") to allow TLS client authentication (extended key usage clientAuth), found only " + usages);
        }
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
        KeyStoreFile.KeyEntry entry = KeyStoreFile.keyEntry(store, alias, secret, path);
        return new ClientCertificate(entry.chain(), entry.key());
    }

    /** @return whether the key signs what the certificate's public key verifies */
    private static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : null;
        if (algorithm == null || !key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        byte[] probe = "pkce-filter client certificate check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * @param millis a time, from the filter's clock
     * @return whether the certificate is valid then
     */
    public boolean validAt(long millis) {
        return !chain[0].getNotBefore().after(new Date(millis)) && !chain[0].getNotAfter().before(new Date(millis));
    }

    /** @return the validity, as a message shows it */
    public String validity() {
        return "from " + chain[0].getNotBefore().toInstant() + " until " + chain[0].getNotAfter().toInstant();
    }

    /** @return the size in bits of the key: the RSA modulus, or the EC field */
    public int keySize() {
        java.security.PublicKey publicKey = chain[0].getPublicKey();
        if (publicKey instanceof java.security.interfaces.RSAPublicKey) {
            return ((java.security.interfaces.RSAPublicKey) publicKey).getModulus().bitLength();
        }
        if (publicKey instanceof java.security.interfaces.ECPublicKey) {
            return ((java.security.interfaces.ECPublicKey) publicKey).getParams().getCurve().getField().getFieldSize();
        }
        return 0;
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
