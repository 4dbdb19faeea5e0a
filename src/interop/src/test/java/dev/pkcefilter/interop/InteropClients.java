package dev.pkcefilter.interop;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.pkcefilter.FilterSettings;
import dev.pkcefilter.testbed.ClientKeys;
import dev.pkcefilter.testbed.Ports;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One provider's clients, one per {@link Method}: the app's port for each (known before the provider starts,
 * since its registration names the redirect and back-channel logout URIs), a random secret, and keys
 * generated for this run and written to files as an operator would. Lists every secret for the leak check.
 */
final class InteropClients {

    private final String prefix;
    private final Map<Method, Integer> ports = new EnumMap<>(Method.class);
    private final Map<Method, String> secrets = new EnumMap<>(Method.class);
    private final ClientKeys.RsaKeyFile rsaKey;
    private final Path ecKeyFile;
    private final ECKey ecKey;

    /**
     * @param prefix the client ids' prefix, such as {@code kc}
     * @param keys where to write the private keys
     */
    InteropClients(String prefix, Path keys) {
        this.prefix = prefix;
        for (Method method : Method.values()) {
            ports.put(method, Ports.free());
            secrets.put(method, randomSecret());
        }
        rsaKey = ClientKeys.rsaPkcs8Pem(keys.resolve(prefix + "-rsa.pem"));
        ecKeyFile = keys.resolve(prefix + "-ec.jwk");
        ecKey = ClientKeys.ecP256Jwk(ecKeyFile, prefix + "-ec-1");
    }

    /** @return the {@code kid} of the EC key registered for {@link Method#PRIVATE_KEY_JWT_JWK} */
    String ecKeyId() {
        return ecKey.getKeyID();
    }

    String clientId(Method method) {
        return method.clientId(prefix);
    }

    int port(Method method) {
        return ports.get(method);
    }

    String appOrigin(Method method) {
        return "http://127.0.0.1:" + port(method);
    }

    /** @return the secret registered for a secret-based method */
    String secret(Method method) {
        return secrets.get(method);
    }

    /** @return the public JWK set registered for a private_key_jwt method, as JSON */
    String publicJwks(Method method) {
        // Keycloak ignores keys without "use": "sig".
        if (method == Method.PRIVATE_KEY_JWT_JWK) {
            return new JWKSet(new ECKey.Builder(ecKey.toPublicJWK()).keyUse(KeyUse.SIGNATURE).build()).toString(true);
        }
        // A PEM file has no kid: the filter names the key by its RFC 7638 thumbprint, so the provider must too.
        return new JWKSet(new RSAKey.Builder(rsaKey.jwk().toPublicJWK()).keyID(rsaKey.thumbprint())
                .keyUse(KeyUse.SIGNATURE).build()).toString(true);
    }

    /**
     * @param issuer the provider's issuer
     * @return settings for the app of this method's client: the filter's defaults, plus the client's
     *     credentials, the roles claim and the back-channel logout endpoint
     */
    FilterSettings.Builder settings(String issuer, Method method) {
        FilterSettings.Builder settings = FilterSettings.builder().issuer(issuer).clientId(clientId(method))
                .set("client.auth-method", method.registeredName())
                .set("roles.claim", "roles")
                .set("backchannel-logout.path", "/oauth2/backchannel-logout");
        switch (method) {
            case PRIVATE_KEY_JWT_PEM -> settings.set("client.key", rsaKey.file().toString());
            // Registered for ES256 ID tokens at both providers (its id_token_signed_response_alg), so it says so.
            case PRIVATE_KEY_JWT_JWK -> settings.set("client.key", ecKeyFile.toString()).idTokenAlgorithms("ES256");
            default -> settings.clientSecret(secret(method));
        }
        return settings;
    }

    /** @return every secret of these clients, for the leak check: secrets and private key material */
    List<String> secrets() {
        List<String> all = new ArrayList<>(secrets.values());
        all.addAll(rsaKey.secrets());
        all.add(ecKey.getD().toString());
        return all;
    }

    /** @return 256 random bits, base64url: long enough for client_secret_jwt's HS256 */
    static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
