package dev.pkcefilter.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void errorCodeWhenNotAPlainTokenThenReplaced() {
        assertEquals("invalid_grant", Redaction.errorCode("invalid_grant"));
        assertEquals("(unreadable error code)", Redaction.errorCode("<script>alert(1)</script>"));
        assertEquals("(unreadable error code)", Redaction.errorCode("x".repeat(65)));
        assertEquals("(none)", Redaction.errorCode(null));
    }
}
