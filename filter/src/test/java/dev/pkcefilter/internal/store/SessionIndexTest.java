package dev.pkcefilter.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pkcefilter.FakeExchange;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionIndexTest {

    private static final String ISSUER = "https://idp.example.com";

    @Test
    void takeWhenSidGivenThenOnlyThatSession() {
        SessionIndex index = new SessionIndex(100);
        FakeExchange.FakeSession a = new FakeExchange.FakeSession();
        FakeExchange.FakeSession b = new FakeExchange.FakeSession();
        index.add(ISSUER, "sid-a", "alice", a);
        index.add(ISSUER, "sid-b", "alice", b);
        assertEquals(List.of(a), index.take(ISSUER, "sid-a", "alice"));
        assertEquals(List.of(), index.take(ISSUER, "sid-a", "alice"), "taken once");
        assertEquals(List.of(b), index.take(ISSUER, null, "alice"), "by sub: what is left of alice");
        assertEquals(0, index.size());
    }

    @Test
    void takeWhenSidMatchesNoSessionThenTheSubjectsSessionsWithoutSidEnd() {
        SessionIndex index = new SessionIndex(100);
        FakeExchange.FakeSession withoutSid = new FakeExchange.FakeSession();
        FakeExchange.FakeSession otherSid = new FakeExchange.FakeSession();
        FakeExchange.FakeSession bob = new FakeExchange.FakeSession();
        index.add(ISSUER, null, "alice", withoutSid);
        index.add(ISSUER, "sid-b", "alice", otherSid);
        index.add(ISSUER, null, "bob", bob);
        assertEquals(List.of(withoutSid), index.take(ISSUER, "sid-a", "alice"),
                "the login's ID token had no sid: it may be provider session sid-a");
        assertEquals(2, index.size(), "alice's other provider session and bob stay");
        assertEquals(List.of(), index.take(ISSUER, "sid-a", null), "a sid alone names no sid-less session");
    }

    @Test
    void takeWhenOnlySubThenEverySessionOfIt() {
        SessionIndex index = new SessionIndex(100);
        FakeExchange.FakeSession a = new FakeExchange.FakeSession();
        FakeExchange.FakeSession b = new FakeExchange.FakeSession();
        FakeExchange.FakeSession bob = new FakeExchange.FakeSession();
        index.add(ISSUER, "s1", "alice", a);
        index.add(ISSUER, null, "alice", b);
        index.add(ISSUER, "s3", "bob", bob);
        assertEquals(2, index.take(ISSUER, null, "alice").size());
        assertEquals(List.of(bob), index.take(ISSUER, "s3", "bob"));
    }

    @Test
    void addWhenTheSameSessionSignsInAgainThenOnlyItsNewKeysRemain() {
        SessionIndex index = new SessionIndex(100);
        FakeExchange.FakeSession a = new FakeExchange.FakeSession();
        index.add(ISSUER, "old-sid", "alice", a);
        index.add(ISSUER, "new-sid", "alice", a);
        assertEquals(1, index.size());
        assertEquals(List.of(), index.take(ISSUER, "old-sid", "alice"));
        assertEquals(List.of(a), index.take(ISSUER, "new-sid", "alice"));
    }

    @Test
    void removeWhenSessionEndsThenForgotten() {
        SessionIndex index = new SessionIndex(100);
        FakeExchange.FakeSession a = new FakeExchange.FakeSession();
        index.add(ISSUER, "s1", "alice", a);
        index.remove(a);
        assertEquals(0, index.size());
        assertEquals(List.of(), index.take(ISSUER, "s1", "alice"));
    }

    @Test
    void addWhenOverCapacityThenOldestDroppedAndBoundHolds() {
        SessionIndex index = new SessionIndex(10);
        for (int i = 0; i < 100; i++) {
            index.add(ISSUER, "sid-" + i, "user-" + i, new FakeExchange.FakeSession());
        }
        assertEquals(true, index.size() <= 10, "size " + index.size());
        assertEquals(1, index.take(ISSUER, "sid-99", "user-99").size(), "the newest is kept");
        assertEquals(0, index.take(ISSUER, "sid-0", "user-0").size(), "the oldest is gone");
    }
}
