package dev.pkcefilter.internal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionCookieTest {

    @Test
    void hardenWhenHttpsAndPlainCookieThenSecureAndLaxAdded() {
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; Secure; SameSite=Lax",
                SessionCookie.harden("JSESSIONID=abc; Path=/; HttpOnly", true, null));
    }

    @Test
    void hardenWhenHttpOnlyMissingThenAddedAndAnExistingOneKept() {
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax", SessionCookie.harden("JSESSIONID=abc; Path=/", false, null));
        assertEquals("JSESSIONID=httponly; httponly; SameSite=Lax", SessionCookie.harden("JSESSIONID=httponly; httponly", false, null));
    }

    @Test
    void hardenWhenHttpThenHttpOnlyAndLaxAdded() {
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax", SessionCookie.harden("JSESSIONID=abc; Path=/", false, null));
    }

    @Test
    void hardenWhenAttributesAlreadySetThenKept() {
        assertEquals("JSESSIONID=abc; Secure; SameSite=Strict; HttpOnly",
                SessionCookie.harden("JSESSIONID=abc; Secure; SameSite=Strict", true, null));
        assertEquals("JSESSIONID=abc; secure; HttpOnly; SameSite=Lax", SessionCookie.harden("JSESSIONID=abc; secure; HttpOnly", true, null));
    }

    @Test
    void hardenWhenValueMerelyContainsTheWordThenStillAdded() {
        assertEquals("JSESSIONID=secure; Path=/secure; HttpOnly; Secure; SameSite=Lax",
                SessionCookie.harden("JSESSIONID=secure; Path=/secure", true, null));
    }

    @Test
    void hardenWhenBehindAPrefixThenThePathIsTheExternalOne() {
        assertEquals("JSESSIONID=abc; Path=/apps/shop; HttpOnly; Secure; SameSite=Lax",
                SessionCookie.harden("JSESSIONID=abc; Path=/; HttpOnly", true, "/apps/shop"));
        assertEquals("JSESSIONID=abc; HttpOnly; path=/apps/shop; SameSite=Lax",
                SessionCookie.harden("JSESSIONID=abc; HttpOnly; path=/", false, "/apps/shop").replace("Path=", "path="));
        assertEquals("JSESSIONID=abc; HttpOnly; Path=/blog; SameSite=Lax",
                SessionCookie.harden("JSESSIONID=abc; HttpOnly", false, "/blog"));
        assertEquals("JSESSIONID=abc; Path=/; HttpOnly; SameSite=Lax", SessionCookie.harden("JSESSIONID=abc; Path=/", false, "/"));
    }
}
