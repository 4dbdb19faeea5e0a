package dev.pkcefilter.internal.settings;

import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import dev.pkcefilter.internal.origin.ExternalOrigin;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the providers: the one of the keys without prefix (named {@value Registration#DEFAULT_NAME}) and
 * each {@code provider.<name>.*}, and checks what concerns them together: distinct issuers, the login
 * default, and keys for the JWKS endpoint.
 */
final class RegistrationReader {

    private final RawSettings in;
    /** Each provider's values, by name, in the order of {@link #registrations}. */
    private final Map<String, RawSettings> views = new LinkedHashMap<>();
    private final List<Registration> registrations;

    RegistrationReader(RawSettings in, String callbackPath, String backchannelLogoutPath, String loginPath) {
        this.in = in;
        // The keys without prefix are a provider when any of them is given, or when no other provider is:
        // then "issuer: expected ..." is the first thing a new user reads.
        if (in.hasAnyPerProviderKey() || in.providerNames().isEmpty()) {
            views.put(Registration.DEFAULT_NAME, in);
        }
        for (String name : in.providerNames()) {
            views.put(name, in.forProvider(name));
        }
        List<Registration> read = new ArrayList<>();
        for (Map.Entry<String, RawSettings> view : views.entrySet()) {
            read.add(new Registration(view.getKey(), view.getValue(), callbackPath, backchannelLogoutPath, loginPath));
        }
        this.registrations = Collections.unmodifiableList(read);
        requireDistinctIssuers();
        requireUnsharedCredentialsWithEndpointAudience();
    }

    /**
     * An assertion whose audience is a token endpoint URL is only as bound to its provider as that URL, which
     * the provider's own metadata names: a provider could name another's endpoint and replay the assertion
     * there. That needs the other to accept the same credential, so a key or secret shared between providers
     * is refused where any of them uses {@code client.assertion.audience=token-endpoint}.
     */
    private void requireUnsharedCredentialsWithEndpointAudience() {
        for (int i = 0; i < registrations.size(); i++) {
            for (int j = i + 1; j < registrations.size(); j++) {
                Registration a = registrations.get(i);
                Registration b = registrations.get(j);
                if ((a.assertionAudienceIsTokenEndpoint() || b.assertionAudienceIsTokenEndpoint()) && shareACredential(a, b)) {
                    Registration endpointAudience = a.assertionAudienceIsTokenEndpoint() ? a : b;
                    Registration other = endpointAudience == a ? b : a;
                    in.problem(endpointAudience.key(SettingKey.CLIENT_ASSERTION_AUDIENCE) + ": expected issuer, since provider '"
                            + other.name() + "' signs its assertions with the same " + (a.signingKeys() != null ? "key" : "secret")
                            + ", found token-endpoint (an assertion for one provider's token endpoint could be replayed at the"
                            + " other); give each provider its own key or secret, or use the issuer as audience");
                }
            }
        }
    }

    private static boolean shareACredential(Registration a, Registration b) {
        if (a.clientAuthMethod() != b.clientAuthMethod()) {
            return false;
        }
        if (a.clientAuthMethod() == ClientAuthMethod.PRIVATE_KEY_JWT) {
            return a.signingKeys() != null && b.signingKeys() != null && a.signingKeys().sharesAKeyWith(b.signingKeys());
        }
        return a.clientAuthMethod() == ClientAuthMethod.CLIENT_SECRET_JWT && a.clientSecret() != null
                && a.clientSecret().equals(b.clientSecret());
    }

    List<Registration> registrations() {
        return registrations;
    }

    /**
     * Each issuer once: the signed-in user's {@code iss} names the provider that refreshes their tokens and
     * ends their session, and a logout token's {@code iss} the provider whose keys must have signed it.
     */
    private void requireDistinctIssuers() {
        Map<String, String> seen = new LinkedHashMap<>();
        for (Registration registration : registrations) {
            if (registration.issuer() == null) {
                continue;
            }
            String other = seen.putIfAbsent(registration.issuer().toString(), registration.name());
            if (other != null) {
                views.get(registration.name()).problem(SettingKey.ISSUER.key() + ": expected an issuer no other provider has,"
                        + " found the issuer of provider '" + other + "'");
            }
        }
    }

    /** @return the provider {@code login.default-provider} names, or the only one; null: the chooser page decides */
    Registration loginDefault() {
        String name = in.value(SettingKey.LOGIN_DEFAULT_PROVIDER);
        if (name == null) {
            return registrations.size() == 1 ? registrations.get(0) : null;
        }
        for (Registration registration : registrations) {
            if (registration.name().equals(name)) {
                return registration;
            }
        }
        in.problem(SettingKey.LOGIN_DEFAULT_PROVIDER.key() + ": expected one of " + views.keySet() + ", found '" + name + "'");
        return null;
    }

    /** The JWKS endpoint publishes private_key_jwt keys; without such a provider it would publish nothing. */
    void requireKeysForJwks(String jwksPath) {
        if (jwksPath == null) {
            return;
        }
        for (Registration registration : registrations) {
            if (registration.clientAuthMethod() == ClientAuthMethod.PRIVATE_KEY_JWT) {
                return;
            }
        }
        ClientAuthMethod only = registrations.size() == 1 ? registrations.get(0).clientAuthMethod() : null;
        in.problem(SettingKey.JWKS_PATH.key() + ": expected only with " + SettingKey.CLIENT_AUTH_METHOD.key()
                + "=private_key_jwt, found it set with " + (registrations.size() > 1 ? "no provider using it"
                        : only == null ? "another method" : only.registeredName()));
    }

    /**
     * A form_post response is bound to the browser by a {@code SameSite=None} cookie, which browsers keep only
     * with {@code Secure}: an app whose external URL is plain http (outside loopback, for development) could
     * never finish such a login ({@code auto} falls back to query there). A URL taken from the request is checked at
     * each login start instead.
     */
    void requireTlsForFormPost(URI externalBaseUrl) {
        if (externalBaseUrl == null || "https".equalsIgnoreCase(externalBaseUrl.getScheme())
                || ExternalOrigin.isLoopback(externalBaseUrl.getHost())) {
            return;
        }
        for (Registration registration : registrations) {
            if (registration.responseMode() == ResponseMode.FORM_POST) {
                views.get(registration.name()).problem(SettingKey.RESPONSE_MODE.key() + ": expected query while "
                        + SettingKey.EXTERNAL_BASE_URL.key() + " is plain http (form_post needs https: its binding cookie is"
                        + " SameSite=None, which browsers keep only when Secure), found " + registration.responseMode().value());
            }
        }
    }

    /** @return every provider's keys in effect, each with its prefix, secrets masked */
    Map<String, String> shownValues() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (Registration registration : registrations) {
            RawSettings view = views.get(registration.name());
            shown.putAll(view.shownValues(true));
            if (registration.signingKeys() != null) {
                shown.put(view.name(SettingKey.CLIENT_KEY).replace(SettingKey.CLIENT_KEY.key(), "client.keys"),
                        registration.signingKeys().toString());
            }
            if (registration.tls().certificate() != null) {
                // The subject and thumbprint, which the provider's registration of the client must match.
                shown.put(view.name(SettingKey.CLIENT_TLS_CERTIFICATE).replace(SettingKey.CLIENT_TLS_CERTIFICATE.key(), "client.tls.presented"),
                        registration.tls().certificate().toString());
            }
        }
        return shown;
    }
}
