package dev.pkcefilter.testbed;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one provider saw and issued, kept for the tests: token requests, pushed authorization requests, issued ID tokens in order, and every
 * secret value that must never show up in the filter's logs, pages or headers. Thread-safe; one per provider, never static.
 */
final class ProviderRecorder {

    private final List<RecordedTokenRequest> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<RecordedTokenRequest> pushedRequests = new CopyOnWriteArrayList<>();
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();
    private final List<String> idTokens = new CopyOnWriteArrayList<>();

    void recordTokenRequest(RecordedTokenRequest request) {
        tokenRequests.add(request);
    }

    /** A pushed authorization request (RFC 9126): a form post with client authentication, like a token request. */
    void recordPushedRequest(RecordedTokenRequest request) {
        pushedRequests.add(request);
    }

    List<RecordedTokenRequest> pushedRequests() {
        return List.copyOf(pushedRequests);
    }

    /** Adds a secret value; null and empty values are ignored, so callers need not check. */
    void recordSecret(String value) {
        if (value != null && !value.isEmpty()) {
            secrets.add(value);
        }
    }

    /** Notes an issued ID token (also a secret), once however often its authorization is saved. */
    synchronized void recordIdToken(String value) {
        if (value != null && !idTokens.contains(value)) {
            idTokens.add(value);
        }
        recordSecret(value);
    }

    List<String> idTokens() {
        return List.copyOf(idTokens);
    }

    List<RecordedTokenRequest> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    Set<String> secrets() {
        return Set.copyOf(secrets);
    }
}
