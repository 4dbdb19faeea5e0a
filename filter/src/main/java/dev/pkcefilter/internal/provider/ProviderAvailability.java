package dev.pkcefilter.internal.provider;

import dev.pkcefilter.SettingsException;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the discovered provider, and when discovery has not succeeded yet, retries it on demand
 * with exponential back-off (1 s doubling to 60 s) so that a provider that is down at startup does
 * not stop the app, and a flood of requests does not become a flood of discovery calls.
 */
public final class ProviderAvailability {

    private static final Logger LOG = Logger.getLogger(ProviderAvailability.class.getName());
    private static final long FIRST_DELAY_MILLIS = 1000;
    private static final long MAX_DELAY_MILLIS = 60_000;

    /** One discovery attempt. */
    public interface Discovery {
        Provider discover() throws IOException;
    }

    private final Discovery discovery;
    private final Clock clock;
    private final String issuer;
    // Read on every login start without a lock; written once it is known.
    private volatile Provider provider;
    private int failures;
    private long nextAttemptMillis;

    public ProviderAvailability(Discovery discovery, Clock clock, String issuer) {
        this.discovery = discovery;
        this.clock = clock;
        this.issuer = issuer;
    }

    /**
     * The startup attempt: a provider that cannot be reached is logged once and retried later; one
     * that answers with unusable metadata stops startup.
     *
     * @throws SettingsException when the provider's metadata is unusable
     */
    public synchronized void discoverAtStartup() {
        try {
            provider = discovery.discover();
        } catch (IOException e) {
            recordFailure();
            LOG.warning("pkce-filter: provider " + issuer + " is unreachable at startup (" + describe(e)
                    + "); the app starts, logins answer 503 and discovery is retried on demand with back-off");
        }
    }

    /** @return the provider, discovering it now if it is missing and the back-off allows */
    public Optional<Provider> current() {
        Provider known = provider;
        if (known != null) {
            return Optional.of(known);
        }
        synchronized (this) {
            if (provider == null && clock.millis() >= nextAttemptMillis) {
                attempt();
            }
            return Optional.ofNullable(provider);
        }
    }

    /** @return seconds until the next discovery attempt, at least 1, for a {@code Retry-After} header */
    public synchronized long retryAfterSeconds() {
        return Math.max(1, (nextAttemptMillis - clock.millis() + 999) / 1000);
    }

    private void attempt() {
        try {
            provider = discovery.discover();
            LOG.info("pkce-filter: provider " + issuer + " discovered after " + failures + " failed attempt(s)");
        } catch (IOException e) {
            recordFailure();
            LOG.warning("pkce-filter: provider " + issuer + " still unreachable (" + describe(e) + "); next attempt in "
                    + retryAfterSeconds() + " s");
        } catch (SettingsException e) {
            recordFailure();
            LOG.log(Level.SEVERE, "pkce-filter: provider " + issuer + " answered with unusable metadata; logins stay"
                    + " unavailable: " + e.getMessage());
        }
    }

    private void recordFailure() {
        failures++;
        long delay = Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(failures - 1, 16));
        nextAttemptMillis = clock.millis() + delay;
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
