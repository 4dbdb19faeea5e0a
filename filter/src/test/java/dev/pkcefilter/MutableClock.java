package dev.pkcefilter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A clock that tests move by hand, so that expiry and back-off are tested without sleeping. It starts
 * a year after the system clock: a time decision that reads the system clock instead of the injected
 * one then sees tokens issued "in the future" and expiries that never come, and its test fails.
 */
final class MutableClock extends Clock {

    private volatile Instant now = Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
}
