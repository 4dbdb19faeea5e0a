package dev.pkcefilter.interop;

/** The client authentication methods the suite signs in with (OIDC Core §9), each a client of its own. */
enum Method {
    CLIENT_SECRET_BASIC("client_secret_basic", "basic"),
    CLIENT_SECRET_POST("client_secret_post", "post"),
    CLIENT_SECRET_JWT("client_secret_jwt", "jwt"),
    /** private_key_jwt with an RSA key in a PKCS#8 PEM file, RS256. */
    PRIVATE_KEY_JWT_PEM("private_key_jwt", "pem"),
    /** private_key_jwt with an EC P-256 key in a JWK file, ES256. */
    PRIVATE_KEY_JWT_JWK("private_key_jwt", "jwk");

    private final String registeredName;
    private final String suffix;

    Method(String registeredName, String suffix) {
        this.registeredName = registeredName;
        this.suffix = suffix;
    }

    /** @return the name in {@code client.auth-method} and in {@code token_endpoint_auth_method} */
    String registeredName() {
        return registeredName;
    }

    /** @return the client id for this method at a provider whose clients start with {@code prefix} */
    String clientId(String prefix) {
        return prefix + "-" + suffix;
    }

    boolean usesSecret() {
        return registeredName.startsWith("client_secret");
    }
}
