package dev.pkcefilter.internal.credentials;

/**
 * Tells whether a setting's text is key material rather than a path or a name: a PEM block or a JWK. A
 * {@code ${file:...}} reference to a key file, meant for its path, brings the key itself into the settings,
 * and a message or the settings line that quoted it would leak the key.
 */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /** @return whether {@code text} holds a PEM block or a JSON key */
    public static boolean looksLike(String text) {
        return text != null && (text.contains("-----BEGIN") || text.contains("\"kty\"") || text.indexOf('\n') >= 0);
    }
}
