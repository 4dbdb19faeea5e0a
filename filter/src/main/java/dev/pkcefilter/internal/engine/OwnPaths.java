package dev.pkcefilter.internal.engine;

import dev.pkcefilter.internal.settings.Settings;
import java.util.ArrayList;
import java.util.List;

/**
 * Every path the engine answers itself, whether the user is signed in or not: the one list behind the hot path's
 * question ({@link LoginEngine#isEnginePath}) and {@link LoginEngine#handle}'s choice.
 */
final class OwnPaths {

    /** The filter's own endpoints, and {@link #APP} for every other path. */
    enum Endpoint { JWKS, LOGOUT, LOGGED_OUT, LOGIN, LOGIN_WITH, BACKCHANNEL_LOGOUT, CALLBACK, APP }

    /** One path the engine answers, and for a provider's own path, the provider. */
    static final class OwnPath {
        final String path;
        final Endpoint endpoint;
        /** The provider of a callback, a login path or a back-channel logout path; null for the others. */
        final ProviderRoute route;

        OwnPath(String path, Endpoint endpoint, ProviderRoute route) {
            this.path = path;
            this.endpoint = endpoint;
            this.route = route;
        }
    }

    /** An array, walked by index: the hot path asks on every request, and an iterator would be an allocation each time. */
    private final OwnPath[] paths;

    OwnPaths(Settings settings, boolean jwks, ProviderRoutes routes) {
        List<OwnPath> own = new ArrayList<>();
        if (jwks) {
            own.add(new OwnPath(settings.jwksPath(), Endpoint.JWKS, null));
        }
        own.add(new OwnPath(settings.logoutPath(), Endpoint.LOGOUT, null));
        own.add(new OwnPath(settings.logoutReturnPath(), Endpoint.LOGGED_OUT, null));
        own.add(new OwnPath(settings.loginPath(), Endpoint.LOGIN, null));
        for (ProviderRoute route : routes.all()) {
            own.add(new OwnPath(route.registration().callbackPath(), Endpoint.CALLBACK, route));
            own.add(new OwnPath(route.registration().loginPath(), Endpoint.LOGIN_WITH, route));
            if (route.backchannel() != null) {
                own.add(new OwnPath(route.registration().backchannelLogoutPath(), Endpoint.BACKCHANNEL_LOGOUT, route));
            }
        }
        this.paths = own.toArray(new OwnPath[0]);
    }

    /**
     * @param requestUri the request URI as sent, context path included
     * @param contextPath the context path
     * @return the engine's path the request is for; null for an app path
     */
    OwnPath find(String requestUri, String contextPath) {
        // A few entries per provider, each compared by length first: cheaper than building a key to look up.
        for (int i = 0; i < paths.length; i++) {
            if (isPath(requestUri, contextPath, paths[i].path)) {
                return paths[i];
            }
        }
        return null;
    }

    private static boolean isPath(String requestUri, String contextPath, String path) {
        return requestUri.length() == contextPath.length() + path.length()
                && requestUri.startsWith(contextPath)
                && requestUri.startsWith(path, contextPath.length());
    }
}
