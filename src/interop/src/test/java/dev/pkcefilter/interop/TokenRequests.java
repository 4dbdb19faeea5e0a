package dev.pkcefilter.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.pkcefilter.testbed.ConcurrentRequests;
import dev.pkcefilter.testbed.ProtectedApp;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Asks the app's {@code /api/token} for the session's access token, which it answers with the token's
 * SHA-256 (never the token): once, or many times at the same moment, with the browser's session cookie.
 */
final class TokenRequests {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private TokenRequests() {
    }

    /** @return the hash of the access token the app holds for the session now; fails unless the answer is 200 */
    static String hashOf(ProtectedApp app, String cookie) throws Exception {
        return hash(HTTP.send(request(app, cookie), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * The requests wait behind a latch and start together.
     *
     * @return the distinct hashes the requests were answered with; each answer must be 200
     */
    static Set<String> concurrentHashes(ProtectedApp app, String cookie, int count) throws Exception {
        Set<String> hashes = new HashSet<>();
        for (HttpResponse<String> answer : ConcurrentRequests.sendTogether(HTTP, request(app, cookie), count)) {
            hashes.add(hash(answer));
        }
        return hashes;
    }

    private static HttpRequest request(ProtectedApp app, String cookie) {
        return HttpRequest.newBuilder(app.baseUri().resolve("/api/token")).header("Cookie", cookie)
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30)).build();
    }

    private static String hash(HttpResponse<String> response) throws java.text.ParseException {
        assertEquals(200, response.statusCode(), "/api/token: " + response.body());
        return JSONObjectUtils.getString(JSONObjectUtils.parse(response.body()), "sha256");
    }
}
