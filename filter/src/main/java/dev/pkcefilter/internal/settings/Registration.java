package dev.pkcefilter.internal.settings;

import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import dev.pkcefilter.internal.credentials.SigningKeys;
import dev.pkcefilter.internal.tls.ProviderTls;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One provider the filter signs in with, and the client registered there: the keys each provider has
 * ({@link SettingKey#isPerProvider()}) and the filter's paths that belong to it. The provider of the keys
 * without prefix is named {@value #DEFAULT_NAME} and keeps the paths as configured; a named provider's
 * paths end in {@code /<name>}, so that each has its own redirect URI (the mix-up defense of RFC 9700
 * §4.4.2). {@link #toString()} names the provider and shows no secret.
 */
public final class Registration {

    /** The name of the provider set by the keys without {@code provider.<name>.} prefix. */
    public static final String DEFAULT_NAME = "default";

    private final String name;
    private final String displayName;
    private final URI issuer;
    private final String clientId;
    private final String clientSecret;
    private final ClientAuthMethod clientAuthMethod;
    private final SigningKeys signingKeys;
    private final boolean assertionAudienceIsTokenEndpoint;
    private final Duration assertionLifetime;
    private final List<String> scopes;
    private final Set<String> idTokenAlgorithms;
    private final String rolesClaim;
    private final String rolesStripPrefix;
    private final boolean userInfoEnabled;
    private final ResponseMode responseMode;
    private final boolean pushAlways;
    private final boolean dpop;
    private final ProviderTls tls;
    /** Whether {@code profile=fapi2-security} holds for this provider. */
    private final boolean fapi2;
    private final String callbackPath;
    private final String backchannelLogoutPath;
    private final String loginPath;

    /**
     * Reads one provider's keys; problems are recorded in {@code in} under the provider's prefix.
     *
     * @param name {@value #DEFAULT_NAME} or the name in {@code provider.<name>.}
     * @param in the provider's values
     * @param callbackPath the filter's {@code callback.path}
     * @param backchannelLogoutPath the filter's {@code backchannel-logout.path}, or null when it is off
     * @param loginPath the filter's {@code login.path}
     */
    Registration(String name, RawSettings in, String callbackPath, String backchannelLogoutPath, String loginPath) {
        SettingsReader core = new SettingsReader(in);
        ClientAuthSettings client = new ClientAuthSettings(in);
        SessionSettings session = new SessionSettings(in);
        this.name = name;
        this.issuer = core.issuer();
        String display = in.value(SettingKey.DISPLAY_NAME);
        // Host and path: two realms of one Keycloak differ only in the path.
        this.displayName = display != null ? display : issuer != null ? issuer.getHost() + issuer.getRawPath() : name;
        this.clientId = in.required(SettingKey.CLIENT_ID, "the client identifier registered at the provider");
        this.clientAuthMethod = client.clientAuthMethod();
        this.clientSecret = client.clientSecret(clientAuthMethod);
        this.signingKeys = client.signingKeys(clientAuthMethod);
        this.assertionAudienceIsTokenEndpoint = client.assertionAudienceIsTokenEndpoint();
        this.assertionLifetime = in.duration(SettingKey.CLIENT_ASSERTION_LIFETIME_SECONDS);
        this.scopes = core.scopes();
        this.fapi2 = Fapi2Profile.read(in);
        this.idTokenAlgorithms = fapi2 ? Fapi2Profile.idTokenAlgorithms(in, core.algorithms()) : core.algorithms();
        this.rolesClaim = session.rolesClaim();
        this.rolesStripPrefix = in.value(SettingKey.ROLES_STRIP_PREFIX);
        this.userInfoEnabled = in.flag(SettingKey.USERINFO_ENABLED);
        this.responseMode = ResponseMode.read(in);
        // The profile pushes every request (FAPI 2.0 Security Profile §5.3.2.2), whatever par says.
        this.pushAlways = readPar(in) || fapi2;
        this.dpop = in.flag(SettingKey.DPOP);
        this.tls = new TlsSettings(in).read(clientAuthMethod);
        if (fapi2) {
            Fapi2Profile.requireOf(in, clientAuthMethod, signingKeys, dpop, assertionAudienceIsTokenEndpoint,
                    tls.certificate() != null || in.has(SettingKey.CLIENT_TLS_CERTIFICATE), tls.certificate());
        }
        boolean isDefault = DEFAULT_NAME.equals(name);
        this.callbackPath = isDefault ? callbackPath : callbackPath + "/" + name;
        this.backchannelLogoutPath = backchannelLogoutPath == null ? null
                : isDefault ? backchannelLogoutPath : backchannelLogoutPath + "/" + name;
        this.loginPath = loginPath + "/" + name;
    }

    /** @return {@value #DEFAULT_NAME}, or the name in {@code provider.<name>.} */
    public String name() { return name; }
    /** @return the name the chooser page shows */
    public String displayName() { return displayName; }
    public URI issuer() { return issuer; }
    public String clientId() { return clientId; }
    /** The client secret; empty for methods that don't use one. Never logged. */
    public String clientSecret() { return clientSecret; }
    public ClientAuthMethod clientAuthMethod() { return clientAuthMethod; }
    /** The private_key_jwt keys; null for the other methods. */
    public SigningKeys signingKeys() { return signingKeys; }
    /** Whether assertions name the token endpoint as audience instead of the issuer. */
    public boolean assertionAudienceIsTokenEndpoint() { return assertionAudienceIsTokenEndpoint; }
    public Duration assertionLifetime() { return assertionLifetime; }
    public List<String> scopes() { return scopes; }
    public Set<String> idTokenAlgorithms() { return idTokenAlgorithms; }
    /** The claim (dotted path) holding the roles; null when roles are not used. */
    public String rolesClaim() { return rolesClaim; }
    /** A prefix removed from role names; null for none. */
    public String rolesStripPrefix() { return rolesStripPrefix; }
    public boolean userInfoEnabled() { return userInfoEnabled; }
    /** How the provider is asked to return the code; {@link ResponseMode#AUTO} is decided at discovery. */
    public ResponseMode responseMode() { return responseMode; }
    /** @return whether every authorization request is pushed ({@code par=always}), not only when the provider requires it */
    public boolean pushAlways() { return pushAlways; }
    /** @return whether {@code profile=fapi2-security} holds: the provider's metadata is held to it at discovery */
    public boolean fapi2() { return fapi2; }
    /** @return whether the provider's tokens are bound to a per-session DPoP key (RFC 9449) */
    public boolean dpop() { return dpop; }
    /** @return how calls to the provider do TLS: its trust store and the client certificate of mutual TLS */
    public ProviderTls tls() { return tls; }
    /** The redirect URI's path within the app: this provider's alone. */
    public String callbackPath() { return callbackPath; }
    /** This provider's back-channel logout path; null when back-channel logout is off. */
    public String backchannelLogoutPath() { return backchannelLogoutPath; }
    /** The path that starts a login with this provider. */
    public String loginPath() { return loginPath; }

    private static boolean readPar(RawSettings in) {
        String value = in.value(SettingKey.PAR);
        if (value != null && !"auto".equals(value) && !"always".equals(value)) {
            in.problem(SettingKey.PAR.key() + ": expected auto or always, found '" + value + "'");
        }
        return "always".equals(value);
    }

    /** @return the key as this provider's settings spell it: with {@code provider.<name>.} unless it is the default */
    public String key(SettingKey key) {
        return DEFAULT_NAME.equals(name) ? key.key() : RawSettings.PROVIDER_PREFIX + name + "." + key.key();
    }

    @Override
    public String toString() {
        return "Registration[name=" + name + ", issuer=" + issuer + ", clientId=" + clientId + "]";
    }
}
