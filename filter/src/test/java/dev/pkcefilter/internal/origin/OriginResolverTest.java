package dev.pkcefilter.internal.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.LogCapture;
import dev.pkcefilter.SettingsException;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.engine.LoginEngine;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which origin a request gets, and whose headers decide it. */
class OriginResolverTest {

    private LogCapture log;

    @BeforeEach
    void capture() {
        log = new LogCapture();
    }

    @AfterEach
    void release() {
        log.close();
    }

    /** These tests are about the headers, so any host is allowed unless a test says otherwise. */
    private static OriginResolver resolver(String... settings) {
        FilterSettings.Builder builder = FilterSettings.builder().issuer("https://idp.example.com").clientId("app").clientSecret("s")
                .set("proxy.allowed-hosts", "*");
        for (int i = 0; i < settings.length; i += 2) {
            builder.set(settings[i], settings[i + 1]);
        }
        return TestSettings.origins(TestSettings.of(builder));
    }

    /** A request as Jetty behind nginx sees it: plain http from the proxy on loopback. */
    private static FakeExchange behindProxy() {
        FakeExchange exchange = FakeExchange.get("/reports");
        exchange.scheme = "http";
        exchange.host = "127.0.0.1";
        exchange.port = 8080;
        exchange.remoteAddress = "127.0.0.1";
        return exchange;
    }

    @Test
    void resolveWhenNoProxyHeadersThenTheContainersView() throws LoginFailure {
        FakeExchange exchange = behindProxy();
        exchange.contextPath = "/shop";
        assertEquals("http://127.0.0.1:8080/shop", resolver().resolve(exchange).toString());
    }

    @Test
    void resolveWhenTrustedProxySendsXForwardedThenExternalOriginWithPrefix() throws LoginFailure {
        FakeExchange exchange = behindProxy().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "app.example.com:8443")
                .header("X-Forwarded-Prefix", "/app/").header("X-Forwarded-For", "203.0.113.7");
        ExternalOrigin origin = resolver("proxy.trusted", "127.0.0.1").resolve(exchange);
        assertEquals("https://app.example.com:8443/app", origin.toString());
        assertEquals("https://app.example.com:8443/app/oauth2/callback", origin.url("/oauth2/callback"));
    }

    @Test
    void resolveWhenThePrefixHasAPercentThatStartsNoEscapeThenItIsIgnored() throws LoginFailure {
        // Found by the fuzzer (src/fuzz, ForwardedHeadersFuzzTest): "/0%" made every URL the filter builds unparsable.
        OriginResolver trusting = resolver("proxy.trusted", "127.0.0.1");
        assertEquals("http://127.0.0.1:8080", trusting.resolve(behindProxy().header("X-Forwarded-Prefix", "/0%")).toString());
        assertEquals("http://127.0.0.1:8080/caf%C3%A9", trusting.resolve(behindProxy().header("X-Forwarded-Prefix", "/caf%C3%A9"))
                .toString(), "an escape is kept");
        // Found by the fuzzer's long run: only IPv6 characters, and no address.
        assertEquals("http://127.0.0.1:8080", trusting.resolve(behindProxy().header("X-Forwarded-Host", "[1:]")).toString());
    }

    @Test
    void resolveWhenProtoChangesWithoutPortThenDefaultPortOfTheNewScheme() throws LoginFailure {
        FakeExchange exchange = behindProxy().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "app.example.com");
        assertEquals("https://app.example.com", resolver("proxy.trusted", "127.0.0.1").resolve(exchange).origin());
        FakeExchange portOnly = behindProxy().header("X-Forwarded-Proto", "https").header("X-Forwarded-Port", "443");
        assertEquals("https://127.0.0.1", resolver("proxy.trusted", "127.0.0.1").resolve(portOnly).origin());
    }

    @Test
    void resolveWhenUntrustedPeerSendsHeadersThenIgnoredAndWarnedOnce() throws LoginFailure {
        OriginResolver resolver = resolver("proxy.trusted", "10.0.0.0/8", "proxy.allowed-hosts", "127.0.0.1");
        for (int i = 0; i < 3; i++) {
            FakeExchange spoof = behindProxy().header("X-Forwarded-Host", "evil.example.com").header("Forwarded", "host=evil.example.com");
            spoof.remoteAddress = "198.51.100.9";
            assertEquals("http://127.0.0.1:8080", resolver.resolve(spoof).toString());
        }
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        assertEquals(true, log.warnings().get(0).contains("198.51.100.9"));
    }

    @Test
    void failurePageWhenBehindAPrefixThenStartAgainStaysInTheApp() throws Exception {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer("https://idp.example.com").clientId("app").clientSecret("s")
                .set("proxy.trusted", "127.0.0.1").set("proxy.allowed-hosts", "127.0.0.1"));
        ProviderAvailability none = new ProviderAvailability(() -> {
            throw new java.io.IOException("down");
        }, settings.clock(), "https://idp.example.com");
        LoginEngine engine = new LoginEngine(settings, java.util.List.of(none));
        FakeExchange exchange = behindProxy().header("X-Forwarded-Prefix", "/app").header("X-Forwarded-Proto", "https");
        engine.handle(exchange);
        assertEquals(503, exchange.status);
        assertEquals(true, exchange.body.contains("<a href=\"/app/\">Start again</a>"), exchange.body);
    }

    @Test
    void failurePageWhenHostNotAllowedBehindAPrefixThenStartAgainStaysUnderThePrefix() throws Exception {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer("https://idp.example.com").clientId("app").clientSecret("s")
                .set("proxy.trusted", "127.0.0.1").set("proxy.allowed-hosts", "apps.example.com"));
        ProviderAvailability up = new ProviderAvailability(() -> new Provider(java.net.URI.create("https://idp.example.com"),
                java.net.URI.create("https://idp.example.com/authorize"), java.net.URI.create("http://127.0.0.1:9/token"), false,
                null), settings.clock(), "https://idp.example.com");
        up.discoverAtStartup();
        LoginEngine engine = new LoginEngine(settings, java.util.List.of(up));
        FakeExchange exchange = behindProxy().header("X-Forwarded-Prefix", "/apps/shop").header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "evil.example.com");
        engine.handle(exchange);
        assertEquals(400, exchange.status);
        assertEquals(true, exchange.body.contains("Reason: <code>HOST_NOT_ALLOWED</code>"), exchange.body);
        assertEquals(true, exchange.body.contains("<a href=\"/apps/shop/\">Start again</a>"), exchange.body);
        assertEquals(null, exchange.responseHeaders.get("Location"));
    }

    @Test
    void resolveWhenNoProxyIsTrustedThenHeadersAreIgnored() throws LoginFailure {
        FakeExchange exchange = behindProxy().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "app.example.com");
        assertEquals("http://127.0.0.1:8080", resolver().resolve(exchange).toString());
    }

    @Test
    void resolveWhenForwardedChainThenWalkedRightToLeftWhileTrusted() throws LoginFailure {
        // client -> edge (10.0.0.1, sets https) -> inner (127.0.0.1) -> app
        FakeExchange exchange = behindProxy().header("Forwarded",
                "for=203.0.113.7;proto=https;host=app.example.com, for=10.0.0.1;proto=http;host=inner.local");
        assertEquals("https://app.example.com", resolver("proxy.trusted", "127.0.0.1, 10.0.0.0/8").resolve(exchange).origin());
        // If the edge is not trusted, its claims are not believed: the inner proxy's element is used.
        assertEquals("http://inner.local", resolver("proxy.trusted", "127.0.0.1").resolve(behindProxy().header("Forwarded",
                "for=203.0.113.7;proto=https;host=app.example.com, for=10.0.0.1;proto=http;host=inner.local")).origin());
    }

    @Test
    void resolveWhenForwardedHasQuotedIpv6AndObfuscatedForThenHandled() throws LoginFailure {
        FakeExchange exchange = behindProxy().header("Forwarded", "for=_hidden;proto=https;host=\"[2001:db8::1]:8443\"");
        assertEquals("https://[2001:db8::1]:8443", resolver("proxy.trusted", "127.0.0.1").resolve(exchange).origin());
    }

    /** What a client sends through the README's nginx block before it cleared Forwarded: its own, beside the proxy's. */
    private static FakeExchange clientForwardedBesideProxysXForwarded() {
        return behindProxy().header("Forwarded", "proto=http;host=app.example.com")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "app.example.com")
                .header("X-Forwarded-Prefix", "/shop").header("X-Forwarded-For", "203.0.113.7");
    }

    @Test
    void resolveWhenBothFamiliesArriveAndProxyHeadersIsAutoThenRefusedNotTheClientsWord() {
        LoginFailure refused = assertThrows(LoginFailure.class,
                () -> resolver("proxy.trusted", "127.0.0.1").resolve(clientForwardedBesideProxysXForwarded()));
        assertEquals(FailureReason.PROXY_HEADERS_CONFLICT, refused.reason());
        assertEquals("http://127.0.0.1:8080", resolver("proxy.trusted", "127.0.0.1").unchecked(clientForwardedBesideProxysXForwarded())
                .origin(), "an error page's link believes neither family");
    }

    @Test
    void resolveWhenProxyHeadersNamesTheProxysFamilyThenTheOtherIsIgnored() throws LoginFailure {
        assertEquals("https://app.example.com/shop", resolver("proxy.trusted", "127.0.0.1", "proxy.headers", "x-forwarded")
                .resolve(clientForwardedBesideProxysXForwarded()).toString(), "scheme and prefix kept: the client's Forwarded is not read");
        FakeExchange forwardedProxy = behindProxy().header("Forwarded", "for=203.0.113.7;proto=https;host=a.example.com")
                .header("X-Forwarded-Host", "evil.example.com").header("X-Forwarded-Prefix", "/elsewhere");
        assertEquals("https://a.example.com", resolver("proxy.trusted", "127.0.0.1", "proxy.headers", "forwarded")
                .resolve(forwardedProxy).toString());
    }

    @Test
    void resolveWhenProxyHeadersIsBothThenTheyMustAgree() throws LoginFailure {
        FakeExchange agreeing = behindProxy().header("Forwarded", "proto=https;host=app.example.com")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "app.example.com").header("X-Forwarded-Port", "443")
                .header("X-Forwarded-Prefix", "/shop");
        assertEquals("https://app.example.com/shop", resolver("proxy.trusted", "127.0.0.1", "proxy.headers", "both")
                .resolve(agreeing).toString());
        LoginFailure refused = assertThrows(LoginFailure.class, () -> resolver("proxy.trusted", "127.0.0.1", "proxy.headers", "both")
                .resolve(clientForwardedBesideProxysXForwarded()));
        assertEquals(FailureReason.PROXY_HEADERS_CONFLICT, refused.reason());
    }

    @Test
    void resolveWhenAutoAndOneFamilyThenThatOne() throws LoginFailure {
        FakeExchange forwardedOnly = behindProxy().header("Forwarded", "proto=https;host=a.example.com");
        assertEquals("https://a.example.com", resolver("proxy.trusted", "127.0.0.1").resolve(forwardedOnly).origin());
    }

    @Test
    void buildWhenProxyHeadersIsUnknownThenStartupNamesTheKeyAndTheValues() {
        SettingsException refused = assertThrows(SettingsException.class, () -> resolver("proxy.headers", "x-forwarded-for"));
        assertEquals(List.of("proxy.headers: expected forwarded, x-forwarded, both or auto, found 'x-forwarded-for'"),
                refused.problems());
    }

    @Test
    void resolveWhenXForwardedListsThenTheOutermostTrustedHopsValue() throws LoginFailure {
        // edge proxy 10.0.0.1 appended "https, app.example.com"; the inner proxy appended its own view.
        FakeExchange exchange = behindProxy().header("X-Forwarded-For", "203.0.113.7, 10.0.0.1")
                .header("X-Forwarded-Proto", "https, http").header("X-Forwarded-Host", "app.example.com, inner.local");
        assertEquals("https://app.example.com", resolver("proxy.trusted", "127.0.0.1, 10.0.0.0/8").resolve(exchange).origin());
        assertEquals("http://inner.local", resolver("proxy.trusted", "127.0.0.1").resolve(behindProxy()
                .header("X-Forwarded-For", "203.0.113.7, 10.0.0.1").header("X-Forwarded-Proto", "https, http")
                .header("X-Forwarded-Host", "app.example.com, inner.local")).origin());
    }

    @Test
    void resolveWhenForwardedValuesAreMalformedThenIgnored() throws LoginFailure {
        FakeExchange exchange = behindProxy().header("X-Forwarded-Proto", "javascript").header("X-Forwarded-Host", "evil.com/path")
                .header("X-Forwarded-Prefix", "//evil.com").header("X-Forwarded-Port", "99999");
        assertEquals("http://127.0.0.1:8080", resolver("proxy.trusted", "127.0.0.1").resolve(exchange).toString());
    }

    @Test
    void resolveWhenThePrefixWouldAddCookieAttributesThenIgnored() throws LoginFailure {
        // The prefix becomes the Path of the cookies the filter sets: "; SameSite=None" must not ride along.
        for (String prefix : new String[] {"/app; SameSite=None", "/app;Domain=evil.com", "/app,x"}) {
            FakeExchange exchange = behindProxy().header("X-Forwarded-Prefix", prefix);
            assertEquals("", resolver("proxy.trusted", "127.0.0.1").resolve(exchange).appPath(), prefix);
        }
    }

    @Test
    void resolveWhenHostNotAllowedThenRefused() {
        FakeExchange forged = behindProxy();
        forged.host = "evil.example.com";
        LoginFailure failure = assertThrows(LoginFailure.class,
                () -> resolver("proxy.allowed-hosts", "app.example.com, 127.0.0.1:8080").resolve(forged));
        assertEquals(FailureReason.HOST_NOT_ALLOWED, failure.reason());
    }

    @Test
    void resolveWhenHostAllowedWithPortThenAccepted() throws LoginFailure {
        assertEquals("http://127.0.0.1:8080",
                resolver("proxy.allowed-hosts", "app.example.com, 127.0.0.1:8080").resolve(behindProxy()).origin());
        FakeExchange otherPort = behindProxy();
        otherPort.port = 9090;
        assertThrows(LoginFailure.class, () -> resolver("proxy.allowed-hosts", "127.0.0.1:8080").resolve(otherPort));
    }

    @Test
    void resolveWhenExternalBaseUrlConfiguredThenItWinsOverEverything() throws LoginFailure {
        FakeExchange exchange = behindProxy().header("X-Forwarded-Host", "evil.example.com");
        exchange.host = "also-evil.example.com";
        ExternalOrigin origin = resolver("external.base-url", "https://app.example.com/orders/", "proxy.trusted", "127.0.0.1")
                .resolve(exchange);
        assertEquals("https://app.example.com/orders/oauth2/callback", origin.url("/oauth2/callback"));
    }

    @Test
    void settingsWhenProxySettingsMalformedThenEachNamed() {
        SettingsException e = assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder().issuer("https://idp.example.com")
                .clientId("app").clientSecret("s").set("proxy.trusted", "proxy.internal").set("proxy.allowed-hosts", "a b/c")
                .set("external.base-url", "ftp://x")));
        assertEquals(List.of(
                "external.base-url: expected the app's external URL such as https://app.example.com/orders (no query), found 'ftp://x'",
                "proxy.trusted: expected IP addresses or CIDR ranges such as 10.0.0.0/8, 127.0.0.1 or fd00::/8 (no host names), found 'proxy.internal'",
                "proxy.allowed-hosts: expected host names with optional port such as app.example.com:8443, found 'b/c'"), e.problems());
    }

    @Test
    void settingsWhenIssuerIsNotLoopbackAndNoExternalOriginThenRefusedNamingBothKeys() {
        SettingsException e = assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder()
                .issuer("https://idp.example.com").clientId("app").clientSecret("s")));
        assertEquals(List.of("external.base-url or proxy.allowed-hosts: expected one of them, since the issuer is not on a"
                + " loopback address; found neither. Set external.base-url to the app's URL as browsers see it (the redirect"
                + " URI is built from it), or proxy.allowed-hosts to the host names the app is reached by (requests for"
                + " other hosts get 400); proxy.allowed-hosts=* follows any Host header (not recommended)"), e.problems());
    }

    @Test
    void resolveWhenLoopbackIssuerAndNeitherKeyThenOnlyLoopbackHosts() throws LoginFailure {
        OriginResolver resolver = TestSettings.origins(TestSettings.of(FilterSettings.builder().issuer("http://127.0.0.1:9000/realms/main")
                .clientId("app").clientSecret("s")));
        for (String host : List.of("127.0.0.1", "127.8.9.10", "localhost", "::1")) {
            FakeExchange exchange = behindProxy();
            exchange.host = host;
            assertEquals(host, resolver.resolve(exchange).host());
        }
        FakeExchange forged = behindProxy();
        forged.host = "evil.example";
        LoginFailure refused = assertThrows(LoginFailure.class, () -> resolver.resolve(forged));
        assertEquals(FailureReason.HOST_NOT_ALLOWED, refused.reason());
        assertEquals("the request's host evil.example is not a loopback address, and neither external.base-url nor"
                + " proxy.allowed-hosts is set", refused.detail());
    }

    @Test
    void resolveWhenAllowedHostsIsStarThenAnyHostAndOneWarningAtStart() throws LoginFailure {
        OriginResolver resolver = resolver();
        FakeExchange exchange = behindProxy();
        exchange.host = "wherever.example";
        assertEquals("wherever.example", resolver.resolve(exchange).host());
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        assertEquals(true, log.warnings().get(0).contains("proxy.allowed-hosts is *"), log.warnings().get(0));
    }

    @Test
    void settingsWhenStarIsListedWithHostsThenRejected() {
        SettingsException e = assertThrows(SettingsException.class, () -> TestSettings.of(FilterSettings.builder().issuer("https://idp.example.com")
                .clientId("app").clientSecret("s").set("proxy.allowed-hosts", "*, app.example.com")));
        assertEquals(List.of("proxy.allowed-hosts: expected * alone (follow the Host header) or a list of host names, found"
                + " [*, app.example.com]"), e.problems());
    }

    @Test
    void isLoopbackWhenTextLooksLikeLoopbackThenOnlyRealLoopbackCounts() {
        for (String host : List.of("localhost", "LOCALHOST", "127.0.0.1", "127.255.255.254", "::1", "[::1]", "0:0:0:0:0:0:0:1",
                "::ffff:127.0.0.1")) {
            assertEquals(true, ExternalOrigin.isLoopback(host), host);
        }
        for (String host : List.of("localhost.evil.example", "127.0.0.256", "127.0.0.1.evil.example", "128.0.0.1", "::2",
                "10.0.0.1", "")) {
            assertEquals(false, ExternalOrigin.isLoopback(host), host);
        }
    }
}
