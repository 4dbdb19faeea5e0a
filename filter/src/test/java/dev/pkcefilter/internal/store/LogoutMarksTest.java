package dev.pkcefilter.internal.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.MutableClock;
import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.TestSettings;
import dev.pkcefilter.internal.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Marks left by a back-channel logout, as another node reads them on a signed-in request. */
public class LogoutMarksTest {

    private static final String ISSUER = "https://idp.example.com";

    private final MutableClock clock = new MutableClock();
    private final Settings settings = TestSettings.of(FilterSettings.builder().issuer(ISSUER).set("proxy.allowed-hosts", "app.example.com")
            .clientId("app").clientSecret("secret").clock(clock));
    private final NodeLocalStore store = new NodeLocalStore(clock, 100);
    private final LogoutMarks marks = new LogoutMarks(settings, store, true);

    /** Marks on an empty store of their own: for tests about something else. */
    public static LogoutMarks none(Settings settings) {
        return new LogoutMarks(settings, new NodeLocalStore(settings.clock(), 10), false);
    }

    private static SignedInUser user(String subject, String sid, long issuedAt) {
        return new SignedInUser(subject, ISSUER, sid == null ? Map.of("sub", subject, "iat", issuedAt)
                : Map.of("sub", subject, "sid", sid, "iat", issuedAt));
    }

    @Test
    void endedWhenItsSidIsMarkedThenTrueAndOtherSessionsOfTheUserNot() {
        marks.mark(ISSUER, "sid-1", "alice", 1000);
        assertTrue(marks.ended(user("alice", "sid-1", 900)));
        assertFalse(marks.ended(user("alice", "sid-2", 900)), "another provider session of the same user");
        assertFalse(marks.ended(user("bob", null, 900)));
    }

    @Test
    void endedWhenASidIsMarkedThenTheSubjectsSessionsWithoutSidOnOtherNodesEndToo() {
        marks.mark(ISSUER, "sid-1", "alice", 1000);
        assertTrue(marks.ended(user("alice", null, 900)), "its ID token had no sid: it may be sid-1");
        assertFalse(marks.ended(user("alice", null, 1001)), "a login after the logout");
        marks.mark(ISSUER, "sid-9", null, 2000);
        assertFalse(marks.ended(user("alice", null, 1500)), "a token with a sid and no sub names no subject");
    }

    @Test
    void endedWhenOnlyTheSubjectIsMarkedThenSessionsIssuedUpToTheLogoutEnd() {
        marks.mark(ISSUER, null, "alice", 1000);
        assertTrue(marks.ended(user("alice", "sid-1", 1000)), "issued in the logout's second");
        assertTrue(marks.ended(user("alice", null, 999)));
        assertFalse(marks.ended(user("alice", "sid-3", 1001)), "a login after the logout");
    }

    @Test
    void endedWhenTheMarkHasLivedADayOnTheClockThenForgotten() {
        marks.mark(ISSUER, "sid-1", "alice", 1000);
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        assertTrue(marks.ended(user("alice", "sid-1", 900)));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(marks.ended(user("alice", "sid-1", 900)));
    }

    @Test
    void endedWhenAnotherIssuersSessionHasTheSameSidThenFalse() {
        marks.mark("https://other.example", "sid-1", "alice", 1000);
        assertFalse(marks.ended(user("alice", "sid-1", 900)));
    }

    @Test
    void endedWhenTheStoreIsTheNodesOwnThenItIsReadOnlyOnceThisNodeHasMarkedSomeone() {
        NodeLocalStore own = new NodeLocalStore(clock, 100);
        LogoutMarks local = new LogoutMarks(settings, own, false);
        // Written behind the marks' back: a node-local store has no other writer, so it is not even read yet.
        own.put(new StoreKeys(ISSUER).endedSession("sid-1"), "1000", Duration.ofHours(1));
        assertFalse(local.ended(user("alice", "sid-1", 900)), "no mark written by this node: not looked up");
        local.mark(ISSUER, "sid-2", "bob", 1000);
        assertTrue(local.ended(user("alice", "sid-1", 900)), "once marked, every request looks");
        assertTrue(local.ended(user("bob", "sid-2", 900)));
    }
}
