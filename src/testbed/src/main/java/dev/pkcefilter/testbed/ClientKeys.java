package dev.pkcefilter.testbed;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Client keys for the integration tests, written to files the way an operator would provide them, together
 * with every piece of their private material that must never show up in a log or a page.
 */
public final class ClientKeys {

    private ClientKeys() {
    }

    /**
     * An RSA key pair and where its private half was written.
     *
     * @param jwk the key with its private members, for checking signatures and listing secrets
     * @param file the PEM file
     * @param pemBody the base64 text between the PEM armour lines, without line breaks
     */
    public record RsaKeyFile(RSAKey jwk, Path file, String pemBody) {

        /** @return the thumbprint (RFC 7638) the filter uses as {@code kid} for a PEM key without one */
        public String thumbprint() {
            try {
                return jwk.computeThumbprint().toString();
            } catch (JOSEException e) {
                throw new IllegalStateException("SHA-256 is missing", e);
            }
        }

        /** @return the PEM body, whole and line by line, and the private JWK members */
        public List<String> secrets() {
            List<String> secrets = new ArrayList<>(pemLines(pemBody));
            secrets.add(pemBody);
            for (Base64URL member : List.of(jwk.getPrivateExponent(), jwk.getFirstPrimeFactor(),
                    jwk.getSecondPrimeFactor(), jwk.getFirstFactorCRTExponent(), jwk.getSecondFactorCRTExponent(),
                    jwk.getFirstCRTCoefficient())) {
                secrets.add(member.toString());
            }
            return secrets;
        }
    }

    /**
     * Takes a 2048-bit RSA key ({@link RsaKeyPool}) and writes it as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}, RFC 7468 §10).
     *
     * @param file where to write; not null
     * @return the key and its file
     */
    public static RsaKeyFile rsaPkcs8Pem(Path file) {
        KeyPair pair = rsaPair();
        String body = Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + String.join("\n", pemLines(body))
                + "\n-----END PRIVATE KEY-----\n";
        write(file, pem);
        RSAKey jwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .privateKey((RSAPrivateCrtKey) pair.getPrivate())
                .build();
        return new RsaKeyFile(jwk, file, body);
    }

    /**
     * Generates an EC P-256 key with the given {@code kid} and writes it as a JWK (RFC 7517 §4), private
     * member {@code d} included.
     *
     * @param file where to write; not null
     * @param keyId the key's {@code kid}; not null
     * @return the key
     */
    public static ECKey ecP256Jwk(Path file, String keyId) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(Objects.requireNonNull(keyId, "keyId")).generate();
            write(file, key.toJSONString());
            return key;
        } catch (JOSEException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static KeyPair rsaPair() {
        try {
            return RsaKeyPool.next("client").toKeyPair();
        } catch (JOSEException e) {
            throw new IllegalStateException("the pool's RSA key has no private half", e);
        }
    }

    /** RFC 7468 §2: 64 characters a line. */
    private static List<String> pemLines(String body) {
        List<String> lines = new ArrayList<>();
        for (int start = 0; start < body.length(); start += 64) {
            lines.add(body.substring(start, Math.min(body.length(), start + 64)));
        }
        return lines;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
