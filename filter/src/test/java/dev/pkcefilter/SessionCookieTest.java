package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void hardenWhenHttpsAndPlainCookieThenSecureAndLaxAdded() {
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; Secure; SameSite=Lax",
                SessionCookie.harden("JSESSIONID=abc; Path=/; HttpOnly", true));
    }

    @Test
    void hardenWhenHttpThenOnlyLaxAdded() {
        assertEquals("JSESSIONID=abc; Path=/; SameSite=Lax", SessionCookie.harden("JSESSIONID=abc; Path=/", false));
    }

    @Test
    void hardenWhenAttributesAlreadySetThenKept() {
        assertEquals("JSESSIONID=abc; Secure; SameSite=Strict", SessionCookie.harden("JSESSIONID=abc; Secure; SameSite=Strict", true));
        assertEquals("JSESSIONID=abc; secure; HttpOnly; SameSite=Lax", SessionCookie.harden("JSESSIONID=abc; secure; HttpOnly", true));
    }

    @Test
    void hardenWhenValueMerelyContainsTheWordThenStillAdded() {
        assertEquals("JSESSIONID=secure; Path=/secure; Secure; SameSite=Lax",
                SessionCookie.harden("JSESSIONID=secure; Path=/secure", true));
    }
}
