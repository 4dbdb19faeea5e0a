package dev.pkcefilter.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.LogCapture;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.jwt.IdTokenVerifier;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.web.FailureReason;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * response_mode=form_post without a container: the binding cookie set at login start, the relay that brings the
 * session cookie along, and each way a POSTed response is refused. A response that passes every check goes on to
 * the token call, which here meets a closed port (PROVIDER_UNAVAILABLE): the real exchange is MultiProviderIT's
 * and FormPostIT's.
 */
class FormPostCallbackTest {

    private static final String ISSUER = "https://idp.example.com";

    private final MutableClock clock = new MutableClock();
    private LogCapture log;
    private LoginEngine engine;
    private boolean formPost = true;
    private String responseMode = "form_post";

    @BeforeEach
    void start() {
        log = new LogCapture();
        engine = engine();
    }

    private LoginEngine engine() {
        ProviderAvailability availability = new ProviderAvailability(() -> {
            Provider provider = new Provider(URI.create(ISSUER), URI.create(ISSUER + "/authorize"),
                    URI.create("http://127.0.0.1:9/token"), false, new IdTokenVerifier(new Issuer(ISSUER), new ClientID("app"),
                            Set.of(JWSAlgorithm.RS256), new ImmutableJWKSet<>(new JWKSet()), 60, clock));
            return formPost ? provider.withFormPost() : provider;
        }, clock, ISSUER);
        availability.discoverAtStartup();
        return new LoginEngine(TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientSecret("secret").responseMode(responseMode).clock(clock)), List.of(availability));
    }

    @AfterEach
    void stopCapture() {
        log.close();
    }

    private FakeExchange startLogin(FakeExchange.FakeSession session) throws IOException {
        FakeExchange exchange = FakeExchange.get("/reports").withSession(session).header("Accept", "text/html");
        engine.handle(exchange);
        assertEquals(302, exchange.status, exchange.body);
        return exchange;
    }

    private static String state(FakeExchange loginStart) {
        return URLUtils.parseParameters(URI.create(loginStart.responseHeaders.get("Location")).getRawQuery()).get("state").get(0);
    }

    /** @return the binding cookie's name and value, as set at login start */
    private static Map.Entry<String, String> bindingCookie(FakeExchange loginStart) {
        assertEquals(1, loginStart.setCookies.size(), loginStart.setCookies.toString());
        String cookie = loginStart.setCookies.get(0);
        String pair = cookie.substring(0, cookie.indexOf(';'));
        return Map.entry(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
    }

    private FakeExchange post(FakeExchange.FakeSession session, Map<String, String> form, Map.Entry<String, String> cookie)
            throws IOException {
        FakeExchange exchange = FakeExchange.get("/oauth2/callback").withSession(session);
        exchange.method = "POST";
        exchange.form.putAll(form);
        if (cookie != null) {
            exchange.cookies.put(cookie.getKey(), cookie.getValue());
        }
        engine.handle(exchange);
        return exchange;
    }

    private void assertRefused(FakeExchange exchange, int status, FailureReason reason, String detail) {
        assertEquals(status, exchange.status, exchange.body);
        assertTrue(exchange.body.contains("Reason: <code>" + reason + "</code>"), exchange.body);
        assertEquals(1, log.warnings().size(), log.warnings().toString());
        assertTrue(log.warnings().get(0).contains(detail), log.warnings().get(0));
    }

    @Test
    void loginStartWhenFormPostThenTheRequestAsksForItAndABindingCookieFitForACrossSitePostIsSet() throws Exception {
        FakeExchange start = startLogin(null);
        String state = state(start);
        assertEquals(List.of("form_post"), URLUtils.parseParameters(URI.create(start.responseHeaders.get("Location")).getRawQuery())
                .get("response_mode"));
        String cookie = start.setCookies.get(0);
        assertTrue(cookie.startsWith("pkcefilter-fp-" + state.substring(0, 16) + "="), cookie);
        assertTrue(cookie.endsWith("; Path=/oauth2/callback; Max-Age=600; Secure; HttpOnly; SameSite=None"), cookie);
        assertTrue(bindingCookie(start).getValue().matches("[A-Za-z0-9_-]{43}"), "256 random bits");
        assertFalse(cookie.contains(state.substring(16)), "the cookie names the state by a prefix only");
    }

    @Test
    void loginStartWhenFormPostOverPlainHttpOnAHostThatIsNotLoopbackThenRefused() throws Exception {
        FakeExchange exchange = FakeExchange.get("/reports").header("Accept", "text/html");
        exchange.scheme = "http";
        exchange.port = 80;
        engine.handle(exchange);
        assertRefused(exchange, 400, FailureReason.FORM_POST_NEEDS_TLS, "reached over plain http at http://app.example.com");
        assertTrue(exchange.setCookies.isEmpty());
    }

    @Test
    void callbackWhenThePostCarriesNoSessionButItsBindingCookieThenAPageRepostsOnlyTheResponseParameters() throws Exception {
        FakeExchange start = startLogin(null);
        String state = state(start);
        FakeExchange relay = post(null, Map.of("code", "the-code", "state", state, "extra", "<script>x</script>"),
                bindingCookie(start));
        assertEquals(200, relay.status, relay.body);
        assertTrue(relay.body.contains("<form method=\"post\">"), relay.body);
        assertTrue(relay.body.contains("name=\"code\" value=\"the-code\""), relay.body);
        assertTrue(relay.body.contains("name=\"state\" value=\"" + state + "\""), relay.body);
        assertTrue(relay.body.contains("name=\"pkce_filter_relayed\" value=\"1\""), relay.body);
        assertFalse(relay.body.contains("extra") || relay.body.contains("<script>x"), "only response parameters: " + relay.body);
        String csp = relay.responseHeaders.get("Content-Security-Policy");
        assertNotNull(csp);
        assertTrue(csp.contains("form-action 'self'") && csp.contains("script-src 'nonce-"), csp);
        assertTrue(relay.body.contains("<script nonce=\"" + csp.replaceFirst(".*'nonce-([^']+)'.*", "$1") + "\">"), relay.body);
        assertEquals("no-store", relay.responseHeaders.get("Cache-Control"));
        assertTrue(log.warnings().isEmpty(), log.warnings().toString());
    }

    @Test
    void callbackWhenThePostComesWithoutItsBindingCookieThenRefusedWithoutRelay() throws Exception {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = state(startLogin(session));
        assertRefused(post(null, Map.of("code", "c", "state", state), null), 400, FailureReason.FORM_POST_UNBOUND,
                "came without its state's binding cookie");
    }

    @Test
    void callbackWhenTheBindingCookieHasAnotherValueThenRefusedAndTheCookieCleared() throws Exception {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        FakeExchange start = startLogin(session);
        Map.Entry<String, String> forged = Map.entry(bindingCookie(start).getKey(), "another-value");
        FakeExchange refused = post(session, Map.of("code", "c", "state", state(start), "pkce_filter_relayed", "1"), forged);
        assertRefused(refused, 400, FailureReason.FORM_POST_UNBOUND, "the binding cookie's value is not the pending login's");
        assertTrue(refused.setCookies.get(0).contains("Max-Age=0"), refused.setCookies.toString());
    }

    @Test
    void callbackWhenTheRelayedPostStillHasNoSessionThenStateNoSessionInsteadOfAnotherRelay() throws Exception {
        FakeExchange start = startLogin(null);
        FakeExchange refused = post(null, Map.of("code", "c", "state", state(start), "pkce_filter_relayed", "1"), bindingCookie(start));
        assertRefused(refused, 400, FailureReason.STATE_NO_SESSION, "no session cookie arrived");
    }

    @Test
    void callbackWhenTheResponseIsBoundThenItGoesOnToTheTokenCall() throws Exception {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        FakeExchange start = startLogin(session);
        FakeExchange exchanged = post(session, Map.of("code", "c", "state", state(start)), bindingCookie(start));
        // The token endpoint here is a closed port: reaching it is what shows every check before it passed.
        assertRefused(exchanged, 503, FailureReason.PROVIDER_UNAVAILABLE, "the token endpoint could not be reached");
        assertTrue(exchanged.setCookies.get(0).contains("Max-Age=0"), "the binding cookie is spent");
    }

    @Test
    void callbackWhenAFormPostLoginIsAnsweredInAQueryThenRefused() throws Exception {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        String state = state(startLogin(session));
        FakeExchange exchange = FakeExchange.get("/oauth2/callback?code=c&state=" + state).withSession(session);
        engine.handle(exchange);
        assertRefused(exchange, 400, FailureReason.CALLBACK_MALFORMED, "a form_post login's response came in a query");
    }

    @Test
    void callbackWhenAQueryLoginIsAnsweredWithAPostThenRefused() throws Exception {
        formPost = false;
        engine = engine();
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        FakeExchange start = startLogin(session);
        assertTrue(start.setCookies.isEmpty(), "no binding cookie for a query login");
        String state = state(start);
        FakeExchange refused = post(session, Map.of("code", "c", "state", state),
                Map.entry("pkcefilter-fp-" + state.substring(0, 16), "x"));
        assertRefused(refused, 400, FailureReason.CALLBACK_MALFORMED, "a query login's response came as a POST");
    }

    @Test
    void callbackWhenThePostAlsoHasAQueryThenRefused() throws Exception {
        FakeExchange start = startLogin(null);
        FakeExchange exchange = FakeExchange.get("/oauth2/callback?state=other");
        exchange.method = "POST";
        exchange.form.put("state", state(start));
        engine.handle(exchange);
        assertRefused(exchange, 400, FailureReason.CALLBACK_MALFORMED, "a POST to the callback has a query");
    }

    @Test
    void relayWhenAResponseParameterHoldsMarkupThenItIsEscapedInTheField() throws Exception {
        FakeExchange start = startLogin(null);
        FakeExchange relay = post(null, Map.of("error", "access_denied", "error_description", "\"><script>alert(1)</script>",
                "state", state(start)), bindingCookie(start));
        assertEquals(200, relay.status, relay.body);
        assertTrue(relay.body.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), relay.body);
        assertFalse(relay.body.contains("<script>alert"), relay.body);
    }

    @Test
    void callbackWhenAPostThatIsNotRelayedFailsThenItsBindingCookieIsSpentToo() throws Exception {
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        FakeExchange start = startLogin(session);
        Map.Entry<String, String> cookie = bindingCookie(start);
        FakeExchange.FakeSession otherSession = new FakeExchange.FakeSession();
        FakeExchange refused = post(otherSession, Map.of("code", "c", "state", state(start)), cookie);
        assertRefused(refused, 400, FailureReason.STATE_UNKNOWN, "no pending login at all");
        assertEquals(List.of(cookie.getKey() + "=; Path=/oauth2/callback; Max-Age=0; Secure; HttpOnly; SameSite=None"),
                refused.setCookies);
    }

    @Test
    void callbackWhenNeitherGetNorPostThen405() throws Exception {
        FakeExchange exchange = FakeExchange.get("/oauth2/callback");
        exchange.method = "PUT";
        engine.handle(exchange);
        assertEquals(405, exchange.status);
        assertEquals("GET, POST", exchange.responseHeaders.get("Allow"));
        assertTrue(log.warnings().isEmpty(), log.warnings().toString());
    }

    @Test
    void loginStartWhenAutoOverPlainHttpOnAHostThatIsNotLoopbackThenQueryInstead() throws Exception {
        responseMode = "auto";
        engine = engine();
        FakeExchange exchange = FakeExchange.get("/reports").header("Accept", "text/html");
        exchange.scheme = "http";
        exchange.port = 80;
        engine.handle(exchange);
        assertEquals(302, exchange.status, exchange.body);
        assertFalse(exchange.responseHeaders.get("Location").contains("response_mode"), exchange.responseHeaders.get("Location"));
        assertTrue(exchange.setCookies.isEmpty(), "no binding cookie for a query login");
    }
}
