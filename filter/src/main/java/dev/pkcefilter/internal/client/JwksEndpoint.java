package dev.pkcefilter.internal.client;

import dev.pkcefilter.internal.credentials.SigningKeys;
import dev.pkcefilter.internal.web.WebExchange;
import java.io.IOException;

/**
 * Publishes the public part of the client's keys (current and next) as a JWK set, so that a
 * provider can be registered with a {@code jwks_uri} instead of an uploaded key. The body is made
 * once from public keys only ({@code JWK.toPublicJWK()}): private members cannot reach it.
 */
public final class JwksEndpoint {

    private final String body;

    /** @param keys the private_key_jwt keys of every provider that uses them; each public key is published once */
    public JwksEndpoint(java.util.List<SigningKeys> keys) {
        java.util.List<com.nimbusds.jose.jwk.JWK> published = new java.util.ArrayList<>();
        for (SigningKeys providerKeys : keys) {
            for (com.nimbusds.jose.jwk.JWK key : providerKeys.publicKeys().getKeys()) {
                if (!published.contains(key)) {
                    published.add(key);
                }
            }
        }
        this.body = new com.nimbusds.jose.jwk.JWKSet(published).toString(true);
    }

    public void serve(WebExchange exchange) throws IOException {
        String method = exchange.method();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            exchange.setHeader("Allow", "GET, HEAD");
            exchange.send(405, "text/plain;charset=UTF-8", "method not allowed\n");
            return;
        }
        // Short enough that a rotation reaches providers within minutes, long enough to spare us.
        exchange.setHeader("Cache-Control", "public, max-age=300");
        exchange.setHeader("X-Content-Type-Options", "nosniff");
        exchange.send(200, "application/jwk-set+json", body);
    }
}
