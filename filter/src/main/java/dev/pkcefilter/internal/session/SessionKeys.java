package dev.pkcefilter.internal.session;

import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;
import dev.pkcefilter.internal.store.StoreKeys;


/**
 * Session attribute names of one client registration. Two filters in one app with different
 * providers or clients never read each other's state; the names are the same on every node and
 * after every restart (a container's generated filter name would not be), so replicated and
 * persisted sessions keep working.
 *
 * <p>The registration is named by 8 characters of a SHA-256 of client id and issuer rather than by
 * both in full: a shared session store keeps every attribute's name with every session, and an
 * issuer URL is often longer than the value it would label.
 */
public final class SessionKeys {

    private final String user;
    private final String tokens;
    private final String pendingLogins;
    private final String sessionTimeout;
    private final String endListener;

    public SessionKeys(Settings settings) {
        // One filter, one set of keys, whichever provider a user signs in with. They are named after the first
        // provider (the default one, when there is one), as they were before a filter could have several: adding
        // a provider after it keeps everyone signed in; changing the first one's issuer or client starts afresh.
        Registration first = settings.registrations().get(0);
        String prefix = "dev.pkcefilter." + registration(first.clientId(), first.issuer().toString()) + ".";
        this.user = prefix + "user";
        this.tokens = prefix + "tokens";
        this.pendingLogins = prefix + "pending";
        this.sessionTimeout = prefix + "timeout";
        this.endListener = prefix + "ended";
    }

    public String user() { return user; }
    public String tokens() { return tokens; }
    public String pendingLogins() { return pendingLogins; }
    /** The container's timeout of a session that a login start shortened, to restore at login. */
    public String sessionTimeout() { return sessionTimeout; }
    /** Where the callback that removes the session from the back-channel index waits for the session's end. */
    public String endListener() { return endListener; }

    public static String registration(String clientId, String issuer) {
        return StoreKeys.sha256(issuer, clientId).substring(0, 8);
    }
}
