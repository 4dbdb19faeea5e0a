package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.ConcurrentRequests;
import dev.pkcefilter.testbed.EmbeddedProvider;
import dev.pkcefilter.testbed.ProtectedApp;
import dev.pkcefilter.testbed.RecordedTokenRequest;
import dev.pkcefilter.testbed.ScriptedBrowser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches an app's access token from outside, for {@link SessionLifecycleIT}: reads it from the app's
 * {@code /api/token} (which answers its SHA-256, never the token), several times at once, and lists the refresh
 * requests the provider received since this probe was made. One per test.
 */
final class AccessTokenProbe {

    private final EmbeddedProvider provider;
    private final int refreshesBefore;
    private final List<ScriptedBrowser.Response> concurrentResponses = new ArrayList<>();

    AccessTokenProbe(EmbeddedProvider provider) {
        this.provider = provider;
        this.refreshesBefore = allRefreshRequests().size();
    }

    /** @return the refresh requests of this test: the provider, shared by all, also holds earlier tests' */
    List<RecordedTokenRequest> refreshRequests() {
        List<RecordedTokenRequest> all = allRefreshRequests();
        return all.subList(refreshesBefore, all.size());
    }

    private List<RecordedTokenRequest> allRefreshRequests() {
        return provider.tokenRequests().stream()
                .filter(request -> request.parameter("grant_type").equals(Optional.of("refresh_token")))
                .collect(Collectors.toList());
    }

    /** @return the SHA-256 of the access token the app holds for the browser's session now */
    static String tokenHash(ScriptedBrowser browser, ProtectedApp app) {
        ScriptedBrowser.Response response = browser.get(app.baseUri() + "/api/token", Map.of("Accept", "application/json"));
        assertEquals(200, response.status(), response.body());
        return sha256Field(response);
    }

    static String sha256Field(ScriptedBrowser.Response response) {
        Object hash = SignedInApps.json(response).get("sha256");
        assertTrue(hash instanceof String, response.body());
        return (String) hash;
    }

    /**
     * The requests start together, behind a latch, with the browser's session cookie. Their answers are also
     * kept for {@link #concurrentResponses()}, as no browser saw them.
     */
    List<ScriptedBrowser.Response> concurrentTokenRequests(ScriptedBrowser browser, ProtectedApp app, int count)
            throws Exception {
        String cookie = "JSESSIONID=" + browser.cookie("127.0.0.1", "JSESSIONID").orElseThrow();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest request = HttpRequest.newBuilder(app.baseUri().resolve("/api/token"))
                .header("Cookie", cookie).header("Accept", "application/json").timeout(Duration.ofSeconds(20)).build();
        List<ScriptedBrowser.Response> responses = new ArrayList<>();
        for (HttpResponse<String> raw : ConcurrentRequests.sendTogether(client, request, count)) {
            responses.add(new ScriptedBrowser.Response(raw.statusCode(), raw.headers().map(), raw.body(), raw.uri()));
        }
        concurrentResponses.addAll(responses);
        return responses;
    }

    /** @return what the app answered to {@link #concurrentTokenRequests}, for the leak check */
    List<ScriptedBrowser.Response> concurrentResponses() {
        return List.copyOf(concurrentResponses);
    }

    /** @return the SHA-256 of each value, in hex, as {@code /api/token} answers it */
    static Set<String> hashesOf(Set<String> values) {
        Set<String> hashes = new HashSet<>();
        for (String value : values) {
            try {
                hashes.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(value.getBytes(StandardCharsets.UTF_8))));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }
        return hashes;
    }
}
