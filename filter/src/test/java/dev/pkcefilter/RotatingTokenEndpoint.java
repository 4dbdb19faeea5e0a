package dev.pkcefilter;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint on a loopback port that rotates refresh tokens and detects reuse the way
 * Keycloak's "revoke refresh token" and RFC 9700 §4.14.2 do: presenting a refresh token that was
 * already used revokes the whole grant, so every later refresh fails with invalid_grant.
 */
public final class RotatingTokenEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger refreshes = new AtomicInteger();
    private String current;
    private boolean revoked;
    private int generation;

    public RotatingTokenEndpoint(String firstRefreshToken) throws IOException {
        this.current = firstRefreshToken;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/token", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, List<String>> form = URLUtils.parseParameters(body);
            String answer = answer(form.get("refresh_token") == null ? null : form.get("refresh_token").get(0));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(answer.contains("\"error\"") ? 400 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    private synchronized String answer(String presented) {
        refreshes.incrementAndGet();
        if (revoked || presented == null || !presented.equals(current)) {
            revoked = true;
            return "{\"error\":\"invalid_grant\"}";
        }
        generation++;
        current = "rt-" + generation;
        return "{\"access_token\":\"at-" + generation + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\""
                + current + "\"}";
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/token");
    }

    /** @return how many refresh requests arrived, refused ones included */
    public int refreshes() {
        return refreshes.get();
    }

    public synchronized boolean revoked() {
        return revoked;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
