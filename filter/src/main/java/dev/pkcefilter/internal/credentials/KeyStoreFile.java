package dev.pkcefilter.internal.credentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Opens a PKCS#12 or JKS keystore whose type is told by its content, and finds its one key entry. Shared by the
 * readers of the client's signing key, its TLS certificate and the provider's trust anchors. Every failure is an
 * {@link IllegalArgumentException} whose message names the file and what was expected, never a password.
 */
public final class KeyStoreFile {

    private KeyStoreFile() {
    }

    /**
     * @param content the file's bytes
     * @param password its password; null opens a PKCS#12 file without checking its integrity
     * @param path the file's path, for messages
     * @param forms the forms the setting accepts, for the message when it is none of them
     */
    public static KeyStore open(byte[] content, char[] password, String path, String forms) {
        String wrongPassword = null;
        for (String type : new String[] {"PKCS12", "JKS"}) {
            try {
                KeyStore store = KeyStore.getInstance(type);
                store.load(new ByteArrayInputStream(content), password);
                return store;
            } catch (IOException e) {
                // The JDK's JKS loader opens PKCS#12 files too: keep the first type that said "wrong password".
                boolean passwordRefused = e.getCause() instanceof java.security.UnrecoverableKeyException
                        || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
                if (passwordRefused && wrongPassword == null) {
                    wrongPassword = type;
                }
            } catch (GeneralSecurityException e) {
                // not this type: try the next
            }
        }
        if (wrongPassword != null) {
            throw new IllegalArgumentException("expected the " + wrongPassword + " keystore at " + path
                    + " to open with its password, found the password wrong");
        }
        throw new IllegalArgumentException("expected " + forms + " at " + path + ", found none of these");
    }

    /** @return the alias of the keystore's only key entry */
    public static String onlyKeyAlias(KeyStore store, String path) {
        List<String> keyAliases = new ArrayList<>();
        try {
            for (String name : Collections.list(store.aliases())) {
                if (store.isKeyEntry(name)) {
                    keyAliases.add(name);
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("expected a readable keystore at " + path + ", found one whose entries cannot be listed");
        }
        if (keyAliases.size() != 1) {
            throw new IllegalArgumentException("expected one private key or an alias for the keystore at " + path + ", found aliases "
                    + keyAliases);
        }
        return keyAliases.get(0);
    }

    /** A key entry of a keystore: the private key and its certificate chain, the key's own certificate first. */
    public static final class KeyEntry {
        private final PrivateKey key;
        private final X509Certificate[] chain;

        KeyEntry(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain;
        }

        public PrivateKey key() {
            return key;
        }

        /** @return the chain itself (not a copy): read once at startup by the one caller that asked for it */
        public X509Certificate[] chain() {
            return chain;
        }
    }

    /**
     * @param alias the entry's alias, or null for the keystore's only key entry
     * @return the key and its X.509 chain
     */
    public static KeyEntry keyEntry(KeyStore store, String alias, char[] password, String path) {
        String entry = alias != null ? alias : onlyKeyAlias(store, path);
        try {
            if (!store.isKeyEntry(entry)) {
                throw new IllegalArgumentException("expected a private key under alias '" + entry + "' in the keystore at " + path
                        + ", found " + aliases(store));
            }
            // Through plain JCA: Nimbus's JWK.load(KeyStore...) needs BouncyCastle for the certificate.
            Certificate[] certificates = store.getCertificateChain(entry);
            Key key = store.getKey(entry, password);
            if (certificates == null || certificates.length == 0 || !(key instanceof PrivateKey)) {
                throw new IllegalArgumentException("expected a private key with its certificate under alias '" + entry + "' in "
                        + path + ", found none");
            }
            X509Certificate[] chain = new X509Certificate[certificates.length];
            for (int i = 0; i < certificates.length; i++) {
                if (!(certificates[i] instanceof X509Certificate)) {
                    throw new IllegalArgumentException("expected X.509 certificates under alias '" + entry + "' in " + path
                            + ", found a " + certificates[i].getType() + " certificate");
                }
                chain[i] = (X509Certificate) certificates[i];
            }
            return new KeyEntry((PrivateKey) key, chain);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("expected the key under alias '" + entry + "' in " + path
                    + " to open with the keystore password, found it does not (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** @return every alias of the keystore, for a message that says what is there */
    public static List<String> aliases(KeyStore store) throws GeneralSecurityException {
        return Collections.list(store.aliases());
    }
}
