package dev.pkcefilter.testbed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings half of {@link EmbeddedProvider.Builder}: what a test may change about a provider before it
 * starts. Kept out of {@link EmbeddedProvider} so that class reads as the running provider; its public methods
 * are the builder's, and javadoc shows them there. Sealed, so {@link #self()} is always the builder.
 * Not thread-safe.
 */
abstract sealed class ProviderOptions permits EmbeddedProvider.Builder {

    private int port;
    private String username = "alice";
    private String password = "wonderland";
    private Duration accessTokenTimeToLive = Duration.ofMinutes(5);
    private Optional<String> tokenErrorDescription = Optional.empty();
    private boolean reuseRefreshTokens = true;
    private final Map<String, Object> idTokenClaims = new LinkedHashMap<>();
    private final List<String> acrValues = new ArrayList<>();
    private final Map<String, Object> userInfoClaims = new LinkedHashMap<>();

    ProviderOptions() {
    }

    /**
     * @param port the port to listen on, or 0 for a free one
     * @return this builder
     * @throws IllegalArgumentException when the port is outside 0..65535
     */
    public EmbeddedProvider.Builder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: expected 0..65535, found " + port);
        }
        this.port = port;
        return self();
    }

    /**
     * @param username the one user's name; not null
     * @param password the user's password; not null
     * @return this builder
     */
    public EmbeddedProvider.Builder user(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
        return self();
    }

    /**
     * @param timeToLive how long access tokens stay valid; positive
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public EmbeddedProvider.Builder accessTokenTimeToLive(Duration timeToLive) {
        if (timeToLive == null || timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("accessTokenTimeToLive: expected a positive duration, found "
                    + timeToLive);
        }
        this.accessTokenTimeToLive = timeToLive;
        return self();
    }

    /**
     * Makes the token endpoint's error answers carry this {@code error_description} (RFC 6749 §5.2), as
     * many providers' do; by default they carry the error code only. Lets a test check that the provider's
     * text never reaches a page or a log.
     *
     * @param description the text; not null
     * @return this builder
     */
    public EmbeddedProvider.Builder tokenErrorDescription(String description) {
        this.tokenErrorDescription = Optional.of(Objects.requireNonNull(description, "description"));
        return self();
    }

    /**
     * Makes every refresh issue a new refresh token and invalidate the one used (rotation, RFC 9700 §4.14.2);
     * by default the provider keeps the first refresh token for the authorization's life.
     *
     * @return this builder
     */
    public EmbeddedProvider.Builder rotateRefreshTokens() {
        this.reuseRefreshTokens = false;
        return self();
    }

    /**
     * Adds a claim to every ID token, such as {@code groups} for an app that reads roles from it. The
     * userinfo endpoint does not copy it.
     *
     * @param name the claim name; not null
     * @param value a JSON value: string, number, boolean, list or map; not null
     * @return this builder
     */
    public EmbeddedProvider.Builder idTokenClaim(String name, Object value) {
        idTokenClaims.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /**
     * Adds a claim to every userinfo answer only, so a test can tell whether the app called userinfo; the
     * name {@code sub} replaces the subject there, for a userinfo that disagrees with the ID token.
     *
     * @param name the claim name; not null
     * @param value a JSON value; not null
     * @return this builder
     */
    public EmbeddedProvider.Builder userInfoClaim(String name, Object value) {
        userInfoClaims.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return self();
    }

    /**
     * Lets the provider satisfy authentication context classes: an authorization request with {@code acr_values}
     * gets an ID token whose {@code acr} is the first value asked for that is among these. Without it, the
     * provider ignores {@code acr_values}, as OIDC Core allows.
     *
     * @param acrValues the classes it can satisfy; not null
     * @return this builder
     */
    public EmbeddedProvider.Builder acrValuesSupported(String... acrValues) {
        this.acrValues.addAll(List.of(acrValues));
        return self();
    }

    /** @return the settings as they are now, for {@link ProviderLauncher} */
    final ProviderLauncher.Setup setup() {
        return new ProviderLauncher.Setup(port, username, password, accessTokenTimeToLive, tokenErrorDescription,
                reuseRefreshTokens, idTokenClaims, userInfoClaims, acrValues);
    }

    private EmbeddedProvider.Builder self() {
        // The only permitted subclass.
        return (EmbeddedProvider.Builder) this;
    }
}
