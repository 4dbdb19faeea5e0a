package dev.pkcefilter.internal.settings;

import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_ASSERTION_AUDIENCE;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_AUTH_METHOD;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_KEY;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_KEY_ALGORITHM;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_KEY_ALIAS;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_KEY_ID;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_KEY_PASSWORD;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_NEXT_KEY;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_NEXT_KEY_ALIAS;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_NEXT_KEY_ID;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_NEXT_KEY_PASSWORD;
import static dev.pkcefilter.internal.settings.SettingKey.CLIENT_SECRET;

import dev.pkcefilter.internal.credentials.ClientAuthMethod;
import dev.pkcefilter.internal.credentials.ClientKeyFile;
import dev.pkcefilter.internal.credentials.SigningKeys;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Reads how the client authenticates: the method, its secret or keys, and the shape of its assertions. */
public final class ClientAuthSettings {

    /** Keys that only make sense with private_key_jwt. */
    private static final List<SettingKey> KEY_SETTINGS = Collections.unmodifiableList(Arrays.asList(
            CLIENT_KEY, CLIENT_KEY_PASSWORD, CLIENT_KEY_ALIAS, CLIENT_KEY_ID, CLIENT_KEY_ALGORITHM, CLIENT_NEXT_KEY,
            CLIENT_NEXT_KEY_PASSWORD, CLIENT_NEXT_KEY_ALIAS, CLIENT_NEXT_KEY_ID));

    /** HS256 needs a key of 256 bits (RFC 7518 §3.2). */
    public static final int MIN_JWT_SECRET_LENGTH = 32;

    private final RawSettings in;

    public ClientAuthSettings(RawSettings in) {
        this.in = in;
    }

    public ClientAuthMethod clientAuthMethod() {
        String value = in.value(CLIENT_AUTH_METHOD);
        if (value == null) {
            return null;
        }
        ClientAuthMethod method = ClientAuthMethod.byRegisteredName(value).orElse(null);
        if (method == null) {
            in.problem(CLIENT_AUTH_METHOD.key() + ": expected one of " + ClientAuthMethod.allNames() + ", found '" + value + "'");
        }
        return method;
    }

    public String clientSecret(ClientAuthMethod method) {
        // The secret's value never appears in a message: only whether it is there, and for
        // client_secret_jwt whether it is long enough.
        if (method == ClientAuthMethod.PRIVATE_KEY_JWT || (method != null && method.isMutualTls())) {
            if (in.value(CLIENT_SECRET) != null) {
                in.problem(CLIENT_SECRET.key() + ": expected no client secret with " + in.name(CLIENT_AUTH_METHOD)
                        + "=" + method.registeredName() + ", found one (remove it, so nobody thinks it is used)");
            }
            return "";
        }
        String value = in.required(CLIENT_SECRET, "the client secret (put it in a file or the environment: ${file:/run/secrets/oidc} or ${env:OIDC_SECRET})");
        if (value != null && method == ClientAuthMethod.CLIENT_SECRET_JWT && value.length() < MIN_JWT_SECRET_LENGTH) {
            in.problem(CLIENT_SECRET.key() + ": expected at least " + MIN_JWT_SECRET_LENGTH + " characters for client_secret_jwt"
                    + " (HS256 needs a 256-bit key), found a shorter secret");
        }
        return value == null ? "" : value;
    }

    public SigningKeys signingKeys(ClientAuthMethod method) {
        if (method != ClientAuthMethod.PRIVATE_KEY_JWT) {
            for (SettingKey key : KEY_SETTINGS) {
                if (in.has(key)) {
                    in.problem(key.key() + ": expected only with " + in.name(CLIENT_AUTH_METHOD) + "=private_key_jwt, found it set with "
                            + (method == null ? "another method" : method.registeredName()));
                }
            }
            return null;
        }
        String algorithm = in.value(CLIENT_KEY_ALGORITHM);
        if (algorithm != null && !SigningKeys.ALGORITHMS.contains(algorithm)) {
            in.problem(CLIENT_KEY_ALGORITHM.key() + ": expected one of " + SigningKeys.ALGORITHMS + ", found '" + algorithm + "'");
            return null;
        }
        com.nimbusds.jose.jwk.JWK current = keyFile(CLIENT_KEY, CLIENT_KEY_PASSWORD, CLIENT_KEY_ALIAS, CLIENT_KEY_ID, true);
        com.nimbusds.jose.jwk.JWK next = keyFile(CLIENT_NEXT_KEY, CLIENT_NEXT_KEY_PASSWORD, CLIENT_NEXT_KEY_ALIAS, CLIENT_NEXT_KEY_ID, false);
        if (current == null || (next == null && in.value(CLIENT_NEXT_KEY) != null)) {
            return null;
        }
        try {
            return SigningKeys.of(current, algorithm, next);
        } catch (IllegalArgumentException e) {
            in.problem((e.getMessage().contains(CLIENT_NEXT_KEY.key()) ? CLIENT_NEXT_KEY : CLIENT_KEY).key() + ": " + e.getMessage());
            return null;
        }
    }

    public com.nimbusds.jose.jwk.JWK keyFile(SettingKey pathKey, SettingKey passwordKey, SettingKey aliasKey, SettingKey idKey,
            boolean required) {
        String path = required
                ? in.required(pathKey, "the path of the client's private key (PEM, JWK or JWK set, PKCS#12 or JKS)")
                : in.value(pathKey);
        if (path == null) {
            return null;
        }
        try {
            return new ClientKeyFile(path, in.value(passwordKey), in.value(aliasKey), in.value(idKey)).read();
        } catch (IllegalArgumentException e) {
            in.problem(pathKey.key() + ": " + e.getMessage());
            return null;
        }
    }

    public boolean assertionAudienceIsTokenEndpoint() {
        String value = in.value(CLIENT_ASSERTION_AUDIENCE);
        if (value == null || "issuer".equals(value)) {
            return false;
        }
        if (!"token-endpoint".equals(value)) {
            in.problem(CLIENT_ASSERTION_AUDIENCE.key() + ": expected issuer or token-endpoint, found '" + value + "'");
        }
        return true;
    }
}
