package dev.pkcefilter.internal.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a client's private key from a file, whatever form it has: PEM, a JWK or JWK set (JSON), or
 * a PKCS#12 or JKS keystore. The form is told by the content, not the file name. Every failure is
 * an {@link IllegalArgumentException} whose message names what was expected and found, never key
 * material or a password.
 */
public final class ClientKeyFile {

    private final String path;
    private final char[] password;
    private final String alias;
    private final String keyId;

    /**
     * @param password the keystore password, or null
     * @param alias the keystore alias, or null when the keystore has one key
     * @param keyId the key id: selects a key in a JWK set, names a PEM key; or null
     */
    public ClientKeyFile(String path, String password, String alias, String keyId) {
        this.path = path;
        this.password = password == null ? null : password.toCharArray();
        this.alias = alias;
        this.keyId = keyId;
    }

    public JWK read() {
        byte[] content;
        try {
            content = BoundedFile.read(Paths.get(path));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("expected a readable key file at " + shownPath() + ", found " + e.getClass().getSimpleName());
        }
        String text = PemFiles.text(content);
        JWK key;
        if (PemFiles.isPem(text)) {
            key = withKeyId(PemPrivateKey.read(text));
        } else if (text.startsWith("{")) {
            key = fromJson(text);
        } else {
            key = withKeyId(fromKeyStore(content));
        }
        if (!key.isPrivate()) {
            throw new IllegalArgumentException("expected a private key in " + shownPath() + ", found only a public key");
        }
        return key;
    }

    /**
     * The path as a message shows it. {@code client.key=${file:/run/secrets/key.pem}} reads the key itself
     * into the setting, which then is no path at all: its text must not reach a message or a log.
     */
    private String shownPath() {
        return KeyMaterial.looksLike(path) ? "(key material, not shown: give the file's path, not ${file:...} of it)" : path;
    }

    private JWK withKeyId(JWK key) {
        try {
            if (keyId != null) {
                return rebuild(key, keyId);
            }
            // A stable id that the provider can match, the same on every node: RFC 7638's thumbprint.
            return key.getKeyID() != null ? key : rebuild(key, key.computeThumbprint().toString());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("expected a key whose thumbprint can be computed, found one that cannot");
        }
    }

    private static JWK rebuild(JWK key, String kid) {
        if (key instanceof RSAKey) {
            return new RSAKey.Builder((RSAKey) key).keyID(kid).build();
        }
        if (key instanceof ECKey) {
            return new ECKey.Builder((ECKey) key).keyID(kid).build();
        }
        throw new IllegalArgumentException("expected an RSA or EC key, found a " + key.getKeyType() + " key");
    }

    private JWK fromJson(String json) {
        List<JWK> keys;
        try {
            keys = json.contains("\"keys\"") ? JWKSet.parse(json).getKeys() : Collections.singletonList(JWK.parse(json));
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("expected a JWK or JWK set in " + path + ", found JSON that is not one");
        }
        List<JWK> candidates = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JWK key : keys) {
            ids.add(String.valueOf(key.getKeyID()));
            if (keyId == null || keyId.equals(key.getKeyID())) {
                candidates.add(key);
            }
        }
        if (candidates.size() != 1) {
            throw new IllegalArgumentException("expected " + (keyId == null ? "one key or a key id" : "a key with id '" + keyId + "'")
                    + " in the JWK set at " + path + ", found key ids " + ids);
        }
        return candidates.get(0).getKeyID() == null ? withKeyId(candidates.get(0)) : candidates.get(0);
    }

    private JWK fromKeyStore(byte[] content) {
        if (password == null) {
            throw new IllegalArgumentException("expected a password for the keystore at " + path
                    + " (or a PEM or JWK file), found none");
        }
        KeyStore store = KeyStoreFile.open(content, password, path, "a PEM, JWK, PKCS#12 or JKS key file");
        KeyStoreFile.KeyEntry entry = KeyStoreFile.keyEntry(store, alias, password, path);
        return jwk(entry.chain()[0].getPublicKey(), entry.key());
    }

    /**
     * @return the key pair as a JWK without a key id
     * @throws IllegalArgumentException for keys that are neither RSA nor EC on a JOSE curve
     */
    public static JWK jwk(PublicKey publicKey, PrivateKey privateKey) {
        if (publicKey instanceof RSAPublicKey) {
            return new RSAKey.Builder((RSAPublicKey) publicKey).privateKey(privateKey).build();
        }
        if (publicKey instanceof ECPublicKey) {
            Curve curve = Curve.forECParameterSpec(((ECPublicKey) publicKey).getParams());
            if (curve != null) {
                return new ECKey.Builder(curve, (ECPublicKey) publicKey).privateKey(privateKey).build();
            }
        }
        throw new IllegalArgumentException("expected an RSA key or an EC key on P-256, P-384 or P-521, found another kind of key");
    }
}
