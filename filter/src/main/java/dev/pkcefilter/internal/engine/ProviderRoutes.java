package dev.pkcefilter.internal.engine;

import dev.pkcefilter.SignedInUser;
import dev.pkcefilter.internal.settings.Registration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The engine's providers, in the settings' order, and which one a login or a signed-in user goes to. */
final class ProviderRoutes {

    private final List<ProviderRoute> routes;
    /** The route a page that needs a signed-in user starts with; null: the chooser page. */
    private final ProviderRoute loginDefault;

    /** @param loginDefault the registration {@code login.default-provider} names (or the only one), or null */
    ProviderRoutes(List<ProviderRoute> routes, Registration loginDefault) {
        this.routes = Collections.unmodifiableList(new ArrayList<>(routes));
        ProviderRoute chosen = null;
        for (ProviderRoute route : routes) {
            if (route.registration().equals(loginDefault)) {
                chosen = route;
            }
        }
        this.loginDefault = chosen;
    }

    List<ProviderRoute> all() {
        return routes;
    }

    List<Registration> registrations() {
        List<Registration> registrations = new ArrayList<>();
        for (ProviderRoute route : routes) {
            registrations.add(route.registration());
        }
        return registrations;
    }

    /** @return the route pages send to; null when the chooser page decides */
    ProviderRoute loginDefault() {
        return loginDefault;
    }

    /**
     * @param user a signed-in user, or null
     * @return the route of the provider that signed the user in (by issuer; issuers are distinct); null for none
     *     (not signed in, or the provider was removed from the settings since)
     */
    ProviderRoute of(SignedInUser user) {
        if (user != null) {
            for (ProviderRoute route : routes) {
                if (route.registration().issuer().toString().equals(user.issuer())) {
                    return route;
                }
            }
        }
        return null;
    }
}
