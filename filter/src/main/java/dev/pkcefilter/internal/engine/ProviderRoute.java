package dev.pkcefilter.internal.engine;

import dev.pkcefilter.ClusterStore;
import dev.pkcefilter.internal.client.ClientAuthenticator;
import dev.pkcefilter.internal.endpoint.PushedRequests;
import dev.pkcefilter.internal.endpoint.TokenExchange;
import dev.pkcefilter.internal.endpoint.UserInfoFetch;
import dev.pkcefilter.internal.login.CallbackHandler;
import dev.pkcefilter.internal.login.LoginStart;
import dev.pkcefilter.internal.login.StepUp;
import dev.pkcefilter.internal.logout.BackChannelLogout;
import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.provider.Provider;
import dev.pkcefilter.internal.provider.ProviderAvailability;
import dev.pkcefilter.internal.session.SessionKeys;
import dev.pkcefilter.internal.session.SignedInState;
import dev.pkcefilter.internal.session.TokenRefresher;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.LogoutMarks;
import dev.pkcefilter.internal.store.SessionIndex;
import dev.pkcefilter.internal.store.StoreKeys;
import dev.pkcefilter.internal.web.FailureReason;
import dev.pkcefilter.internal.web.LoginFailure;
import java.util.Optional;

/**
 * Everything the engine does with one provider: its discovery and availability, its login start, its
 * callback (at its own redirect URI), its token calls and its back-channel logout. A provider that is down
 * or misconfigured affects its own route only.
 */
final class ProviderRoute {

    private final Registration registration;
    private final ProviderAvailability availability;
    private final LoginStart loginStart;
    private final CallbackHandler callback;
    private final TokenRefresher refresher;
    private final BackChannelLogout backchannel;

    ProviderRoute(Settings settings, Registration registration, ProviderAvailability availability, SessionKeys keys,
            OriginResolver origins, SignedInState state, StepUp stepUp, ClusterStore store, SessionIndex index, LogoutMarks marks) {
        this.registration = registration;
        this.availability = availability;
        StoreKeys storeKeys = new StoreKeys(registration.issuer().toString());
        ClientAuthenticator authenticator = ClientAuthenticator.from(settings, registration);
        TokenExchange tokenEndpoint = new TokenExchange(settings, registration, authenticator);
        this.loginStart = new LoginStart(settings, registration, keys, origins, new PushedRequests(authenticator));
        this.callback = new CallbackHandler(settings, registration, keys, tokenEndpoint, origins, state,
                registration.userInfoEnabled() ? new UserInfoFetch(settings) : null, stepUp);
        this.refresher = new TokenRefresher(settings, state, availability, tokenEndpoint, store, storeKeys, TokenRefresher::sleep);
        this.backchannel = registration.backchannelLogoutPath() == null ? null
                : new BackChannelLogout(settings, state, index, store, storeKeys, marks);
    }

    Registration registration() { return registration; }
    LoginStart loginStart() { return loginStart; }
    CallbackHandler callback() { return callback; }
    TokenRefresher refresher() { return refresher; }
    /** @return the back-channel logout endpoint; null when it is off */
    BackChannelLogout backchannel() { return backchannel; }

    /** @return the discovered provider, discovering it now if the back-off allows */
    Optional<Provider> provider() {
        return availability.current();
    }

    /** @return the provider, or the failure that answers 503 while it is unavailable */
    Provider available() throws LoginFailure {
        Optional<Provider> current = availability.current();
        if (!current.isPresent()) {
            throw new LoginFailure(FailureReason.PROVIDER_UNAVAILABLE, "the discovery of provider '" + registration.name()
                    + "' has not succeeded yet");
        }
        return current.get();
    }

    long retryAfterSeconds() {
        return availability.retryAfterSeconds();
    }
}
