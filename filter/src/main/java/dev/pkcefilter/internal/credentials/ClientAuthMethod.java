package dev.pkcefilter.internal.credentials;

import java.util.Optional;

/**
 * How the filter authenticates itself at the token endpoint, by the names registered in RFC 7591
 * §2 ({@code token_endpoint_auth_method}). Every one of them goes together with the PKCE verifier:
 * client authentication never replaces PKCE (RFC 9700 §2.1.1), and mutual TLS does not either.
 */
public enum ClientAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    CLIENT_SECRET_JWT("client_secret_jwt"),
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** Mutual TLS with a certificate from a CA the provider trusts, matched by its subject (RFC 8705 §2.1). */
    TLS_CLIENT_AUTH("tls_client_auth"),
    /** Mutual TLS with a self-signed certificate registered at the provider (RFC 8705 §2.2). */
    SELF_SIGNED_TLS_CLIENT_AUTH("self_signed_tls_client_auth");

    private final String registeredName;

    ClientAuthMethod(String registeredName) {
        this.registeredName = registeredName;
    }

    public String registeredName() {
        return registeredName;
    }

    /** @return whether the client proves itself with its TLS certificate (RFC 8705 §2), so with neither secret nor key */
    public boolean isMutualTls() {
        return this == TLS_CLIENT_AUTH || this == SELF_SIGNED_TLS_CLIENT_AUTH;
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
