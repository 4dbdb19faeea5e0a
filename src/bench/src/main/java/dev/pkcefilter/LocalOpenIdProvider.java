package dev.pkcefilter;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A discovery document and a JWK set on loopback, so that the filter starts in a benchmark as it
 * does in production (discovery at init) without a real provider. Counts JWKS fetches.
 */
final class LocalOpenIdProvider implements AutoCloseable {

    private final HttpServer server;
    private final String issuer;
    final AtomicInteger jwksFetches = new AtomicInteger();
    final AtomicInteger discoveryFetches = new AtomicInteger();

    LocalOpenIdProvider(JWKSet keys) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        String metadata = "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
                + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
                + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"ES256\"],\"code_challenge_methods_supported\":[\"S256\"]}";
        serve("/.well-known/openid-configuration", metadata, discoveryFetches);
        serve("/jwks", keys.toString(true), jwksFetches);
        server.start();
    }

    private void serve(String path, String body, AtomicInteger counter) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        server.createContext(path, exchange -> {
            counter.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    String issuer() {
        return issuer;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
