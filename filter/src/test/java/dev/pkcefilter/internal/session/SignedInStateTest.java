package dev.pkcefilter.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.pkcefilter.FakeExchange;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.LogoutMarksTest;
import dev.pkcefilter.internal.store.SessionIndex;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignedInStateTest {

    private static final String ISSUER = "https://idp.example.com";

    @Test
    void beginWhenLoginStartShortenedTheSessionThenTheContainersTimeoutComesBack() {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret("s")
                .set("roles.claim", "groups"));
        SessionKeys keys = new SessionKeys(settings);
        SignedInState state = new SignedInState(settings, keys, new SessionIndex(10), LogoutMarksTest.none(settings));
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        session.maxInactive = 600;
        session.setAttribute(keys.sessionTimeout(), 1800);

        IDTokenClaimsSet claims = new IDTokenClaimsSet(new Issuer(ISSUER), new Subject("alice"), List.of(new Audience("app")),
                new Date(System.currentTimeMillis() + 60_000), new Date());
        state.begin(session, TestSettings.only(settings), claims, Map.of("sub", "alice", "groups", List.of("admin")),
                new Tokens(new BearerAccessToken("at", 300, null), new RefreshToken("rt")), "id.token.value", null);

        assertEquals(1800, session.maxInactive);
        assertNull(session.attribute(keys.sessionTimeout()));
        assertEquals(Set.of("admin"), state.user(session).roles());
        assertEquals("rt", state.tokens(session).current().refreshToken());
    }

    @Test
    void beginWhenTwoProvidersSignInUsersWithOneSubjectAndRoleThenNamesAndRolesStayApart() {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com")
                .clientId("app").clientSecret("s").set("roles.claim", "groups")
                .provider("partner", "issuer", "https://partner.example.net").provider("partner", "client.id", "app")
                .provider("partner", "client.secret", "s2").provider("partner", "roles.claim", "groups"));
        SessionKeys keys = new SessionKeys(settings);
        SignedInState state = new SignedInState(settings, keys, new SessionIndex(10), LogoutMarksTest.none(settings));
        Map<String, Object> sameClaims = Map.of("sub", "alice", "groups", List.of("admin"));
        Tokens tokens = new Tokens(new BearerAccessToken("at", 300, null), null);

        FakeExchange.FakeSession company = new FakeExchange.FakeSession();
        state.begin(company, settings.registrations().get(0), idToken(ISSUER), sameClaims, tokens, "id", null);
        FakeExchange.FakeSession partner = new FakeExchange.FakeSession();
        state.begin(partner, settings.registrations().get(1), idToken("https://partner.example.net"), sameClaims, tokens, "id", null);

        assertEquals("alice", state.user(company).getName(), "the default provider's user keeps the plain subject");
        assertEquals(Set.of("admin"), state.user(company).roles());
        assertEquals("alice@partner", state.user(partner).getName(), "not the company's alice");
        assertEquals(Set.of("admin@partner"), state.user(partner).roles(), "the partner's admin is not the app's admin");
        assertEquals("alice", state.user(partner).subject(), "the subject itself stays as the provider sent it");
    }

    private static IDTokenClaimsSet idToken(String issuer) {
        return new IDTokenClaimsSet(new Issuer(issuer), new Subject("alice"), List.of(new Audience("app")),
                new Date(System.currentTimeMillis() + 60_000), new Date());
    }

    @Test
    void beginWhenTheSessionSignsInAgainThenStillIndexedAndItsEndForgetsIt() {
        Settings settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com").clientId("app").clientSecret("s"));
        SessionIndex index = new SessionIndex(10);
        SignedInState state = new SignedInState(settings, new SessionKeys(settings), index, LogoutMarksTest.none(settings));
        FakeExchange.FakeSession session = new FakeExchange.FakeSession();
        IDTokenClaimsSet claims = new IDTokenClaimsSet(new Issuer(ISSUER), new Subject("alice"), List.of(new Audience("app")),
                new Date(System.currentTimeMillis() + 60_000), new Date());
        Tokens tokens = new Tokens(new BearerAccessToken("at", 300, null), null);
        state.begin(session, TestSettings.only(settings), claims, Map.of("sub", "alice"), tokens, "id", null);
        state.begin(session, TestSettings.only(settings), claims, Map.of("sub", "alice"), tokens, "id", null);
        assertEquals(1, index.size(), "the second login's listener replaced the first without un-indexing the session");
        session.invalidate();
        assertEquals(0, index.size());
    }
}
