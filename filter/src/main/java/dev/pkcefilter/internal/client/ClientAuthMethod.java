package dev.pkcefilter.internal.client;

import java.util.Optional;

/**
 * How the filter authenticates itself at the token endpoint, by the names registered in RFC 7591
 * §2 ({@code token_endpoint_auth_method}). Every one of them goes together with the PKCE verifier:
 * client authentication never replaces PKCE (RFC 9700 §2.1.1).
 */
public enum ClientAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    CLIENT_SECRET_JWT("client_secret_jwt"),
    PRIVATE_KEY_JWT("private_key_jwt");

    private final String registeredName;

    ClientAuthMethod(String registeredName) {
        this.registeredName = registeredName;
    }

    public String registeredName() {
        return registeredName;
    }

    public static Optional<ClientAuthMethod> byRegisteredName(String name) {
        for (ClientAuthMethod method : values()) {
            if (method.registeredName.equals(name)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    public static String allNames() {
        StringBuilder names = new StringBuilder();
        for (ClientAuthMethod method : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(method.registeredName);
        }
        return names.toString();
    }
}
