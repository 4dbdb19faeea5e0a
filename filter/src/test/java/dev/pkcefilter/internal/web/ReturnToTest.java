package dev.pkcefilter.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnToTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/reports/q3", "/reports/q3?year=2026&sort=asc", "/a%20b", "/app/deep/link?x=%2Fpath",
            "/search?q=a+b"})
    void sanitizeWhenSameOriginPathThenKept(String path) {
        assertEquals(path, ReturnTo.sanitize(path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "/\\evil.example", "https://evil.example", "evil.example/path",
            "/%2F%2Fevil.example", "/%2fevil.example", "/%5Cevil.example", "/%252F%252Fevil.example", "%2F%2Fevil.example",
            "/ok\r\nSet-Cookie: x=1", "/ok%0d%0aSet-Cookie:x=1", "/ok\nx", "/tab\there", "", "javascript:alert(1)",
            "/%E0%A4%A"})
    void sanitizeWhenOffOriginOrHeaderSplittingThenRoot(String path) {
        assertEquals("/", ReturnTo.sanitize(path));
    }

    @org.junit.jupiter.api.Test
    void sanitizeWhenNullOrHugeThenRoot() {
        assertEquals("/", ReturnTo.sanitize(null));
        assertEquals("/", ReturnTo.sanitize("/" + "a".repeat(5000)));
    }
}
