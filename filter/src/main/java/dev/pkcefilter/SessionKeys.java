package dev.pkcefilter;

/**
 * Session attribute names of one client registration. Two filters in one app with different
 * providers or clients never read each other's state; the names are the same on every node and
 * after every restart (a container's generated filter name would not be), so replicated and
 * persisted sessions keep working.
 */
final class SessionKeys {

    private final String user;
    private final String tokens;
    private final String pendingLogins;
    private final String sessionTimeout;
    private final String endListener;

    SessionKeys(FilterSettings settings) {
        String prefix = "dev.pkcefilter." + settings.clientId() + "@" + settings.issuer() + ".";
        this.user = prefix + "user";
        this.tokens = prefix + "tokens";
        this.pendingLogins = prefix + "pending";
        this.sessionTimeout = prefix + "timeout";
        this.endListener = prefix + "ended";
    }

    String user() { return user; }
    String tokens() { return tokens; }
    String pendingLogins() { return pendingLogins; }
    /** The container's timeout of a session that a login start shortened, to restore at login. */
    String sessionTimeout() { return sessionTimeout; }
    /** Where the callback that removes the session from the back-channel index waits for the session's end. */
    String endListener() { return endListener; }
}
