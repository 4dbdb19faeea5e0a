package dev.pkcefilter.testbed;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Map;
import java.util.UUID;

/** Signs JWTs with one RSA key (RS256, its {@code kid} in the header), such as the provider's own. */
final class JwtSigner {

    private final RSAKey key;

    JwtSigner(RSAKey key) {
        this.key = key;
    }

    /** @return a 2048-bit RSA key with a random {@code kid}, unlike the keys drawn just before it */
    static RSAKey newKey() {
        return newKey(UUID.randomUUID().toString());
    }

    /** @return a 2048-bit RSA key with this {@code kid}, unlike the keys drawn just before it ({@link RsaKeyPool}) */
    static RSAKey newKey(String keyId) {
        return RsaKeyPool.next(keyId);
    }

    RSAKey key() {
        return key;
    }

    /** A signer with another key under the same {@code kid}: its signatures select this key, then fail. */
    JwtSigner impostor() {
        return new JwtSigner(newKey(key.getKeyID()));
    }

    /**
     * @param claims the payload, as JSON values (strings, numbers, booleans, lists, maps)
     * @param type the header's {@code typ}, such as {@code logout+jwt}
     * @return the compact serialization
     */
    String sign(Map<String, Object> claims, String type) {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                .type(new JOSEObjectType(type))
                .keyID(key.getKeyID())
                .build();
        JWSObject jws = new JWSObject(header, new Payload(claims));
        try {
            jws.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("the JWT could not be signed", e);
        }
        return jws.serialize();
    }
}
