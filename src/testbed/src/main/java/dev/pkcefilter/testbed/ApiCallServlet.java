package dev.pkcefilter.testbed;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.TokenAccess;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * {@code /api/call?url=...}: what an app does to call an API as the user, with {@link TokenAccess}: the
 * {@code Authorization} header, for a DPoP-bound token a fresh proof per call, made again with the resource
 * server's nonce when it asks for one (RFC 9449 §9), and for a certificate-bound one (RFC 8705) a connection that
 * presents the client certificate. Answers the API's status and body. A test app only: a real one
 * never calls a URL its caller names.
 */
final class ApiCallServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** One client per TLS context that {@link TokenAccess#tlsContext()} gives: a provider's client certificate. */
    private static final Map<SSLContext, HttpClient> WITH_CERTIFICATE = new ConcurrentHashMap<>();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        TokenAccess tokens = (TokenAccess) request.getAttribute(TokenAccess.REQUEST_ATTRIBUTE);
        URI api = URI.create(request.getParameter("url"));
        try {
            HttpResponse<String> answer = call(tokens, api, null);
            String nonce = answer.headers().firstValue("DPoP-Nonce").orElse(null);
            if (answer.statusCode() == 401 && nonce != null) {
                answer = call(tokens, api, nonce);
            }
            response.setStatus(200);
            response.setContentType("application/json;charset=UTF-8");
            response.getWriter().write(JSONObjectUtils.toJSONString(Map.of("status", answer.statusCode(),
                    "body", answer.body())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static HttpResponse<String> call(TokenAccess tokens, URI api, String nonce) throws IOException, InterruptedException {
        HttpRequest.Builder call = HttpRequest.newBuilder(api).timeout(Duration.ofSeconds(10))
                .header("Authorization", tokens.authorizationHeader());
        tokens.dpopProof("GET", api, nonce).ifPresent(proof -> call.header("DPoP", proof));
        // A certificate-bound token (RFC 8705) goes over a connection that presents the client certificate.
        HttpClient http = tokens.tlsContext().map(context -> WITH_CERTIFICATE.computeIfAbsent(context,
                key -> HttpClient.newBuilder().sslContext(key).connectTimeout(Duration.ofSeconds(5)).build())).orElse(HTTP);
        return http.send(call.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
