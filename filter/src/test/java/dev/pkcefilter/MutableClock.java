package dev.pkcefilter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one clock that tests move by hand, so that expiry and back-off are tested without sleeping. Shared with
 * the integration tests and the examples through the filter's test jar.
 *
 * <p>By default it stands still a year after the system clock: a time decision that reads the system clock
 * instead of the injected one then sees tokens issued "in the future" and expiries that never come, and its
 * test fails. Tests against a real provider, which issues tokens at the system's time, start it
 * {@linkplain #at at a given instant} or let it {@linkplain #followingSystem follow the system clock}.
 */
public final class MutableClock extends Clock {

    private final boolean following;
    private final Instant base;
    private volatile Duration ahead = Duration.ZERO;

    /** A clock standing still a year after the system clock (whole seconds). */
    public MutableClock() {
        this(Instant.now().plus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS), false);
    }

    private MutableClock(Instant base, boolean following) {
        this.base = base;
        this.following = following;
    }

    /** @return a clock standing still at the instant, until moved */
    public static MutableClock at(Instant start) {
        return new MutableClock(start, false);
    }

    /** @return a clock that reads the system clock, plus however far tests moved it (never back) */
    public static MutableClock followingSystem() {
        return new MutableClock(null, true);
    }

    /** @param duration how far to move the clock forward */
    public void advance(Duration duration) {
        ahead = ahead.plus(duration);
    }

    @Override
    public Instant instant() {
        return (following ? Instant.now() : base).plus(ahead);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
