package dev.pkcefilter;

/**
 * Session attribute names of one filter instance. Each instance has its own names, so that two
 * filters in one app (two protected areas, two providers) never read each other's state.
 */
final class SessionKeys {

    private final String user;
    private final String tokens;
    private final String pendingLogins;

    SessionKeys(String instanceName) {
        String prefix = "dev.pkcefilter." + instanceName + ".";
        this.user = prefix + "user";
        this.tokens = prefix + "tokens";
        this.pendingLogins = prefix + "pending";
    }

    String user() { return user; }
    String tokens() { return tokens; }
    String pendingLogins() { return pendingLogins; }
}
