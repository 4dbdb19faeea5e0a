package dev.pkcefilter.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import dev.pkcefilter.internal.dpop.DpopNonce;
import dev.pkcefilter.internal.tls.ProviderTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one way the filter calls a provider, against a real local HTTP server: a redirect comes back as it is (a
 * code, an assertion or a proof would go elsewhere with it), the JWKS retriever neither follows one nor reads
 * {@code file:} URLs, and a DPoP call is sent once more, with the nonce, only when the provider asks for it.
 */
class ProviderCallTest {

    private final ProviderCall call = new ProviderCall(ProviderTls.JVM_DEFAULT, Duration.ofSeconds(2), Duration.ofSeconds(2));
    private final List<String> nonces = new ArrayList<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/elsewhere", exchange -> answer(exchange, 200, "{\"keys\":[]}"));
        server.createContext("/token", exchange -> {
            String nonce = exchange.getRequestHeaders().getFirst("X-Nonce");
            nonces.add(String.valueOf(nonce));
            if (!"n-1".equals(nonce)) {
                exchange.getResponseHeaders().add("DPoP-Nonce", "n-1");
                answer(exchange, 400, "{\"error\":\"use_dpop_nonce\"}");
            } else {
                answer(exchange, 200, "{}");
            }
        });
        server.createContext("/refused", exchange -> {
            exchange.getResponseHeaders().add("DPoP-Nonce", "n-2");
            answer(exchange, 401, "{\"error\":\"invalid_client\"}");
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private HTTPRequest get(String path, String nonce) {
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, new URL(base + path));
            if (nonce != null) {
                request.setHeader("X-Nonce", nonce);
            }
            return request;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sendWhenTheProviderRedirectsThenTheRedirectComesBackUnfollowed() throws IOException {
        HTTPResponse response = call.send(get("/moved", null));
        assertEquals(302, response.getStatusCode());
        assertEquals(base + "/elsewhere", response.getLocation().toString());
    }

    @Test
    void retrieverWhenTheKeysRedirectThenRefused() {
        ResourceRetriever retriever = call.retriever(1024);
        assertThrows(IOException.class, () -> retriever.retrieveResource(new URL(base + "/moved")));
    }

    @Test
    void retrieverWhenTheUrlIsAFileThenRefusedUnread(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("keys.json"), "{\"keys\":[]}");
        IOException refused = assertThrows(IOException.class, () -> call.retriever(1024).retrieveResource(file.toUri().toURL()));
        assertEquals("expected an http or https URL, found a file one", refused.getMessage());
    }

    @Test
    void sendWithProofWhenTheProviderAsksForANonceThenOnceMoreWithIt() throws IOException {
        HTTPResponse response = call.sendWithProof(nonce -> get("/token", nonce), null);
        assertEquals(200, response.getStatusCode());
        assertEquals(List.of("null", "n-1"), nonces);
    }

    @Test
    void sendWithProofWhenTheNonceInHandIsCurrentThenOneCall() throws IOException {
        call.sendWithProof(nonce -> get("/token", nonce), "n-1");
        assertEquals(List.of("n-1"), nonces);
    }

    @Test
    void sendWithProofWhenAnErrorIsNotANonceRequestThenNoRetry() throws IOException {
        List<String> sent = new ArrayList<>();
        HTTPResponse response = call.sendWithProof(nonce -> {
            sent.add(String.valueOf(nonce));
            return get("/refused", nonce);
        }, null);
        assertEquals(401, response.getStatusCode());
        assertEquals(List.of("null"), sent, "invalid_client with a DPoP-Nonce header is not use_dpop_nonce");
        assertNull(DpopNonce.askedFor(response));
    }

    @Test
    void askedForWhenAResourceSaysSoInItsChallengeThenTheNonce() {
        HTTPResponse response = new HTTPResponse(401);
        response.setHeader("DPoP-Nonce", "n-3");
        response.setHeader("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\", error_description=\"nonce required\"");
        assertEquals("n-3", DpopNonce.askedFor(response));
        HTTPResponse withoutNonce = new HTTPResponse(401);
        withoutNonce.setHeader("WWW-Authenticate", "DPoP error=\"use_dpop_nonce\"");
        assertNull(DpopNonce.askedFor(withoutNonce), "no nonce to send");
    }
}
