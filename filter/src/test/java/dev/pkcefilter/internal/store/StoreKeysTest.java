package dev.pkcefilter.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The names of the filter's entries in a shared store: the same on every node, and no value in the clear. */
class StoreKeysTest {

    private final StoreKeys keys = new StoreKeys("https://idp.example.com");

    @Test
    void endedSubjectWhenNamedThenSha256OfIssuerZeroByteAndValue() {
        // Computed apart from Java: base64url(SHA-256("https://idp.example.com\0alice")), no padding.
        assertEquals("pkce-filter:ended-sub:xiarSuaFVAUBJwHqstHyWjP3lcvQSL5YkYgQj9SekOs", keys.endedSubject("alice"));
    }

    @Test
    void sha256WhenCalledAgainAndFromOtherThreadsThenSameAnswer() throws Exception {
        String first = keys.endedSession("sid-1");
        java.util.concurrent.FutureTask<String> other = new java.util.concurrent.FutureTask<>(() -> keys.endedSession("sid-1"));
        new Thread(other).start();
        assertEquals(first, other.get());
        assertEquals(first, keys.endedSession("sid-1"));
        assertNotEquals(first, keys.endedSession("sid-2"));
        assertNotEquals(first, new StoreKeys("https://other.example.com").endedSession("sid-1"));
    }
}
