package dev.pkcefilter.internal.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 7239 §4 and its examples. */
class ForwardedHeaderTest {

    @Test
    void parseWhenQuotedIpv6AndPortThenUnquoted() {
        assertEquals(List.of(Map.of("for", "[2001:db8:cafe::17]:4711")),
                ForwardedHeader.parse(List.of("For=\"[2001:db8:cafe::17]:4711\"")));
    }

    @Test
    void parseWhenSeveralPairsAndHopsThenOneMapPerHopLeftFirst() {
        List<Map<String, String>> hops = ForwardedHeader.parse(
                List.of("for=192.0.2.60;proto=https;by=203.0.113.43;host=app.example.com, for=10.0.0.5;proto=http"));
        assertEquals(2, hops.size());
        assertEquals(Map.of("for", "192.0.2.60", "proto", "https", "by", "203.0.113.43", "host", "app.example.com"), hops.get(0));
        assertEquals(Map.of("for", "10.0.0.5", "proto", "http"), hops.get(1));
    }

    @Test
    void parseWhenSeveralHeaderLinesThenConcatenated() {
        assertEquals(2, ForwardedHeader.parse(List.of("for=192.0.2.43", "for=198.51.100.17")).size());
    }

    @Test
    void parseWhenObfuscatedOrUnknownIdentifiersThenKeptVerbatim() {
        assertEquals(List.of(Map.of("for", "_hidden"), Map.of("for", "unknown"), Map.of("for", "_SEVKISEK")),
                ForwardedHeader.parse(List.of("for=_hidden, for=unknown, for=\"_SEVKISEK\"")));
    }

    @Test
    void parseWhenQuotedValueHasEscapesAndSeparatorsThenKept() {
        assertEquals(List.of(Map.of("host", "a;b,c\"d")), ForwardedHeader.parse(List.of("host=\"a;b,c\\\"d\"")));
    }

    @Test
    void parseWhenMalformedThenNothingIsBelieved() {
        assertEquals(List.of(), ForwardedHeader.parse(List.of("for=\"unterminated")));
        assertEquals(List.of(), ForwardedHeader.parse(List.of("justtext")));
        assertEquals(List.of(), ForwardedHeader.parse(List.of("for=1.2.3.4;for=5.6.7.8")));
        assertEquals(List.of(), ForwardedHeader.parse(List.of("proto=https", "garbage")));
    }
}
