package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void urlWhenQueryCarriesValuesThenOnlyNamesRemain() {
        assertEquals("/oauth2/callback?code=***&state=***&iss=***",
                Redaction.url("/oauth2/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz&iss=https%3A%2F%2Fidp"));
        assertEquals("/plain", Redaction.url("/plain"));
        assertEquals("(none)", Redaction.url(null));
    }

    @Test
    void errorCodeWhenNotAPlainTokenThenReplaced() {
        assertEquals("invalid_grant", Redaction.errorCode("invalid_grant"));
        assertEquals("(unreadable error code)", Redaction.errorCode("<script>alert(1)</script>"));
        assertEquals("(unreadable error code)", Redaction.errorCode("x".repeat(65)));
        assertEquals("(none)", Redaction.errorCode(null));
    }
}
