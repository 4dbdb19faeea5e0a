package dev.pkcefilter.demo;

import dev.pkcefilter.TokenAccess;
import dev.pkcefilter.TokenUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The demo's API page: calls one fixed resource of the demo's own, the embedded provider's userinfo endpoint,
 * with the signed-in user's access token, as an app calls its APIs. The filter refreshes the token when it is
 * about to expire; when the API answers 401 anyway, the page asks {@link TokenAccess#refresh} for a new one and
 * calls once more. The page shows a short hash of the token used, never the token, so a refresh is visible.
 */
final class ApiDemo {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The resource the page calls: the only one, fixed when the demo starts. */
    private final URI resource;

    ApiDemo(URI resource) {
        this.resource = resource;
    }

    /** What one visit of the page found. */
    record Outcome(int status, String body, String tokenHash, boolean refreshedAfter401) {
    }

    /** @throws TokenUnavailableException when no token can be had (the page then says so) */
    Outcome call(TokenAccess tokens) throws IOException, InterruptedException {
        String token = tokens.accessToken();
        HttpResponse<String> answer = get(token);
        boolean refreshed = false;
        if (answer.statusCode() == 401) {
            token = tokens.refresh(token);
            answer = get(token);
            refreshed = true;
        }
        return new Outcome(answer.statusCode(), answer.body(), shortHash(token), refreshed);
    }

    private HttpResponse<String> get(String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(resource).timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** @return the first 12 hex digits of the token's SHA-256: enough to see it change, useless to anyone else */
    static String shortHash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
