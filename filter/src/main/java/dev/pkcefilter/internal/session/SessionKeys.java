package dev.pkcefilter.internal.session;

import dev.pkcefilter.internal.logout.StoreKeys;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;


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
        // One filter, one set of keys, whichever provider a user signs in with; a filter with one provider keeps
        // the keys it always had, so sessions survive adding a second provider only if it comes after the first.
        StringBuilder clients = new StringBuilder();
        StringBuilder issuers = new StringBuilder();
        for (Registration registration : settings.registrations()) {
            clients.append(clients.length() == 0 ? "" : "\u0000").append(registration.clientId());
            issuers.append(issuers.length() == 0 ? "" : "\u0000").append(registration.issuer());
        }
        String prefix = "dev.pkcefilter." + registration(clients.toString(), issuers.toString()) + ".";
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
