package dev.pkcefilter.internal.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {

    private final TrustedProxies proxies = TrustedProxies.parse(List.of("127.0.0.1", "10.0.0.0/8", "fd00::/8", "::1"));

    @Test
    void trustsWhenInsideARangeThenTrue() {
        assertTrue(proxies.trusts("127.0.0.1"));
        assertTrue(proxies.trusts("10.20.30.40"));
        assertTrue(proxies.trusts("fd12:3456::1"));
        assertTrue(proxies.trusts("::1"));
        assertTrue(proxies.trusts("[::1]:8080"), "bracketed with port, as in Forwarded for=");
        assertTrue(proxies.trusts("10.0.0.1:4711"));
        assertTrue(proxies.trusts("::ffff:10.1.2.3"), "IPv4-mapped IPv6 compares as IPv4");
    }

    @Test
    void trustsWhenOutsideOrNotAnAddressThenFalse() {
        assertFalse(proxies.trusts("127.0.0.2"));
        assertFalse(proxies.trusts("11.0.0.1"));
        assertFalse(proxies.trusts("fe80::1"));
        assertFalse(proxies.trusts("_hidden"));
        assertFalse(proxies.trusts("unknown"));
        assertFalse(proxies.trusts("localhost"), "names are never resolved");
        assertFalse(proxies.trusts(null));
        assertFalse(TrustedProxies.none().trusts("127.0.0.1"));
    }

    @Test
    void parseWhenNotACidrThenNamesTheEntry() {
        assertEquals("proxy.example.com", assertThrows(IllegalArgumentException.class,
                () -> TrustedProxies.parse(List.of("10.0.0.0/8", "proxy.example.com"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(List.of("::/129")));
    }
}
