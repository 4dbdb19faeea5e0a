package dev.pkcefilter.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.TokenUnavailableException;
import dev.pkcefilter.internal.client.ClientAuthenticator;
import dev.pkcefilter.internal.endpoint.TokenExchange;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.LogoutMarksTest;
import dev.pkcefilter.internal.store.NodeLocalStore;
import dev.pkcefilter.internal.store.SessionIndex;
import dev.pkcefilter.internal.store.StoreKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A signed-in session's two time limits, the maximum age and the access token's expiry less the
 * refresh margin, kept by the filter's clock (a year after the system clock, moved by the test).
 */
class SessionTimeTest {

    private static final String ISSUER = "https://idp.example.com";

    private final MutableClock clock = new MutableClock();
    private Settings settings;
    private SignedInState state;
    private TokenRefresher refresher;
    private final FakeExchange.FakeSession session = new FakeExchange.FakeSession();

    @BeforeEach
    void signIn() {
        settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret("secret").clock(clock)
                .set("session.max-age-seconds", "3600").set("tokens.refresh-margin-seconds", "30"));
        state = new SignedInState(settings, new SessionKeys(settings), new SessionIndex(10), LogoutMarksTest.none(settings));
        ProviderAvailability provider = new ProviderAvailability(() -> new Provider(URI.create(ISSUER),
                URI.create(ISSUER + "/authorize"), URI.create("http://127.0.0.1:9/token"), false, null), clock, ISSUER);
        refresher = new TokenRefresher(settings, state, provider, new TokenExchange(settings, TestSettings.only(settings), ClientAuthenticator.from(settings, TestSettings.only(settings))),
                new NodeLocalStore(clock, 10), new StoreKeys(ISSUER), millis -> { });
        IDTokenClaimsSet claims = new IDTokenClaimsSet(new Issuer(ISSUER), new Subject("alice"), List.of(new Audience("app")),
                new Date(clock.millis() + 300_000), new Date(clock.millis()));
        // An access token for 300 s and no refresh token: once it is due, the signed-in state ends.
        state.begin(session, TestSettings.only(settings), claims, Map.of("sub", "alice"), new Tokens(new BearerAccessToken("at", 300, null), null), "id", null);
    }

    @Test
    void isCurrentWhenMaxAgePassesOnTheClockThenFalse() {
        clock.advance(Duration.ofSeconds(3599));
        assertTrue(state.isCurrent(state.user(session)), "a second before the maximum age");
        clock.advance(Duration.ofSeconds(1));
        assertFalse(state.isCurrent(state.user(session)), "at the maximum age on the filter's clock");
    }

    @Test
    void accessTokenWhenBeforeTheMarginOnTheClockThenGivenWithoutRefresh() {
        clock.advance(Duration.ofSeconds(300 - 31));
        assertEquals("at", refresher.accessToken(session));
    }

    @Test
    void accessTokenWhenWithinTheMarginOnTheClockThenDueForRefresh() {
        clock.advance(Duration.ofSeconds(300 - 30));
        TokenUnavailableException due = assertThrows(TokenUnavailableException.class, () -> refresher.accessToken(session));
        assertTrue(due.getMessage().contains("the access token expired and the provider issued no refresh token"),
                due.getMessage());
        assertNull(state.user(session), "without a refresh token the signed-in state ends");
    }
}
