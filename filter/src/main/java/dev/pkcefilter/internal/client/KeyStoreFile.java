package dev.pkcefilter.internal.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Opens a PKCS#12 or JKS keystore whose type is told by its content, and finds its one key entry. Shared by the
 * readers of the client's signing key, its TLS certificate and the provider's trust anchors. Every failure is an
 * {@link IllegalArgumentException} whose message names the file and what was expected, never a password.
 */
final class KeyStoreFile {

    private KeyStoreFile() {
    }

    /**
     * @param content the file's bytes
     * @param password its password; null opens a PKCS#12 file without checking its integrity
     * @param path the file's path, for messages
     * @param forms the forms the setting accepts, for the message when it is none of them
     */
    static KeyStore open(byte[] content, char[] password, String path, String forms) {
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
    static String onlyKeyAlias(KeyStore store, String path) {
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

    /** @return every alias of the keystore, for a message that says what is there */
    static List<String> aliases(KeyStore store) throws GeneralSecurityException {
        return Collections.list(store.aliases());
    }
}
