package dev.pkcefilter.internal.origin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.web.LoginFailure;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code Forwarded} and {@code X-Forwarded-*} from a trusted proxy, under each {@code proxy.headers}: the parser
 * never throws, and the origin the resolver gives is always usable, whatever the headers say: an http(s) scheme, a
 * host of host characters, a port in range, and a prefix that can be a cookie's {@code Path} (no {@code ;} or
 * {@code ,}); or a {@link LoginFailure}.
 */
class ForwardedHeadersFuzzTest {

    private static final List<OriginResolver> RESOLVERS = Arrays.asList(resolver("auto"), resolver("forwarded"),
            resolver("x-forwarded"), resolver("both"));

    private static OriginResolver resolver(String headers) {
        return TestSettings.origins(TestSettings.of(FilterSettings.builder().issuer("https://idp.example.com").clientId("app")
                .clientSecret("s").set("proxy.allowed-hosts", "*").set("proxy.trusted", "127.0.0.1, 10.0.0.0/8")
                .set("proxy.headers", headers)));
    }

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) {
        check(data);
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        OriginResolver resolver = RESOLVERS.get(data.consumeInt(0, 3));
        FakeExchange exchange = FakeExchange.get("/reports");
        exchange.scheme = "http";
        exchange.host = "127.0.0.1";
        exchange.port = 8080;
        exchange.remoteAddress = "127.0.0.1";
        for (String header : new String[] {"Forwarded", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port",
                "X-Forwarded-Prefix", "X-Forwarded-For"}) {
            if (data.consumeBoolean()) {
                exchange.header(header, data.consumeString(120));
            }
        }
        List<Map<String, String>> elements = ForwardedHeader.parse(exchange.headers("Forwarded"));
        assertTrue(elements.size() <= 1000);
        ExternalOrigin origin;
        try {
            origin = resolver.resolve(exchange);
        } catch (LoginFailure refused) {
            return;
        }
        assertTrue("http".equals(origin.scheme()) || "https".equals(origin.scheme()), origin.scheme());
        assertTrue(origin.host().matches("[A-Za-z0-9.:-]+"), origin.host());
        assertTrue(origin.port() >= -1 && origin.port() <= 65535, Integer.toString(origin.port()));
        assertTrue(origin.appPath().indexOf(';') < 0 && origin.appPath().indexOf(',') < 0, origin.appPath());
        URI.create(origin.url("/oauth2/callback"));
    }
}
