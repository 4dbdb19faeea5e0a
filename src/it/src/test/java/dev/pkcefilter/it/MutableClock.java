package dev.pkcefilter.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand: back-off and expiry without sleeping. */
public final class MutableClock extends Clock {

    private volatile Instant now = Instant.now();

    /** @param duration how far to move the clock forward */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
}
