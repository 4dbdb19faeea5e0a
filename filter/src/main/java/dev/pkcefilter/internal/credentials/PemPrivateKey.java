package dev.pkcefilter.internal.credentials;

import com.nimbusds.jose.jwk.JWK;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an unencrypted PEM private key in the three forms users commonly have: PKCS#8 ({@code
 * BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}) and SEC1 EC ({@code BEGIN EC
 * PRIVATE KEY}), into a JWK with its public part. PKCS#1 and SEC1 are wrapped into PKCS#8 (RFC
 * 5208 §5) so the JDK's key factories can read them. Messages never contain key material.
 */
public final class PemPrivateKey {

    /** A PEM block (RFC 7468 §2); its content may start with RFC 1421 headers (an old encrypted key's {@code Proc-Type}). */
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([\\s\\S]*?)-----END \\1-----");
    /** rsaEncryption, RFC 8017 Appendix C. */
    private static final byte[] RSA_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    /** id-ecPublicKey, RFC 5480 §2.1.1. */
    private static final byte[] EC_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private PemPrivateKey() {
    }

    /**
     * @param pem the file's text
     * @return the key pair as a JWK, without a key id
     * @throws IllegalArgumentException with a message saying what was expected and found
     */
    public static JWK read(String pem) {
        // The key may follow other blocks: a certificate, or the EC PARAMETERS that openssl ecparam writes first.
        Matcher block = BLOCK.matcher(pem);
        List<String> others = new ArrayList<>();
        boolean found = false;
        while (!found && block.find()) {
            found = block.group(1).endsWith("PRIVATE KEY");
            if (!found) {
                others.add(block.group(1));
            }
        }
        if (!found) {
            throw new IllegalArgumentException(others.isEmpty()
                    ? "expected a PEM private key block (-----BEGIN PRIVATE KEY-----), found none"
                    : "expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block, found " + String.join(", ", others));
        }
        String type = block.group(1);
        if (block.group(2).contains("Proc-Type: 4,ENCRYPTED")) {
            throw encrypted();
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected base64 content in the PEM block, found text that does not decode");
        }
        try {
            switch (type) {
                case "PRIVATE KEY":
                    return fromPkcs8(der);
                case "RSA PRIVATE KEY":
                    return fromPkcs8(pkcs8(algorithmIdentifier(RSA_OID, Der.encode(Der.NULL)), der));
                case "EC PRIVATE KEY":
                    return fromPkcs8(pkcs8(algorithmIdentifier(EC_OID, Der.encode(Der.OID, curveOid(der))), der));
                case "ENCRYPTED PRIVATE KEY":
                    throw encrypted();
                default:
                    throw new IllegalArgumentException("expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block, found "
                            + type);
            }
        } catch (Der.Malformed | GeneralSecurityException e) {
            throw new IllegalArgumentException("expected a valid " + type + " structure, found one that does not parse ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static IllegalArgumentException encrypted() {
        return new IllegalArgumentException("expected an unencrypted PEM key, found an encrypted one"
                + " (put it in a PKCS#12 keystore and set its password instead)");
    }

    private static JWK fromPkcs8(byte[] pkcs8) throws Der.Malformed, GeneralSecurityException {
        Der info = new Der(pkcs8).enter(Der.SEQUENCE);
        info.read(Der.INTEGER);
        byte[] algorithm = info.enter(Der.SEQUENCE).read(Der.OID);
        byte[] privateKeyField = info.read(Der.OCTET_STRING);
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        if (Arrays.equals(algorithm, RSA_OID)) {
            PrivateKey rsa = KeyFactory.getInstance("RSA").generatePrivate(spec);
            if (!(rsa instanceof RSAPrivateCrtKey)) {
                // The public exponent is only in the CRT form; a key without it cannot give its public half.
                throw new IllegalArgumentException("expected an RSA key with its CRT parameters (as OpenSSL and the JDK"
                        + " write them), found one without");
            }
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) rsa;
            return ClientKeyFile.jwk(KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())), key);
        }
        if (Arrays.equals(algorithm, EC_OID)) {
            ECPrivateKey key = (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(spec);
            return ClientKeyFile.jwk(KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(publicPoint(privateKeyField), key.getParams())), key);
        }
        throw new IllegalArgumentException("expected an RSA or EC key, found another key algorithm");
    }

    /** SEC1 ECPrivateKey (RFC 5915 §3): the curve is in [0], the public point in [1]. */
    private static byte[] curveOid(byte[] sec1) throws Der.Malformed {
        Der key = new Der(sec1).enter(Der.SEQUENCE);
        key.read(Der.INTEGER);
        key.read(Der.OCTET_STRING);
        if (!key.hasMore() || key.peekTag() != Der.CONTEXT_0) {
            throw new IllegalArgumentException("expected the EC key to name its curve, found no curve parameters");
        }
        return key.enter(Der.CONTEXT_0).read(Der.OID);
    }

    // The JDK cannot derive the public point from the private scalar, so it must be in the file;
    // OpenSSL always writes it.
    private static ECPoint publicPoint(byte[] sec1) throws Der.Malformed {
        Der key = new Der(sec1).enter(Der.SEQUENCE);
        key.read(Der.INTEGER);
        key.read(Der.OCTET_STRING);
        if (key.hasMore() && key.peekTag() == Der.CONTEXT_0) {
            key.read(Der.CONTEXT_0);
        }
        if (!key.hasMore() || key.peekTag() != Der.CONTEXT_1) {
            throw new IllegalArgumentException("expected the EC key to include its public point, found none"
                    + " (export it with OpenSSL, or use a JWK or PKCS#12 file)");
        }
        byte[] bits = key.enter(Der.CONTEXT_1).read(Der.BIT_STRING);
        // bits[0] is the count of unused bits (0), bits[1] is 0x04 for an uncompressed point.
        if (bits.length < 3 || bits[0] != 0 || bits[1] != 0x04 || (bits.length - 2) % 2 != 0) {
            throw new IllegalArgumentException("expected an uncompressed EC public point, found another encoding");
        }
        int size = (bits.length - 2) / 2;
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(bits, 2, 2 + size));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(bits, 2 + size, bits.length));
        return new ECPoint(x, y);
    }

    private static byte[] algorithmIdentifier(byte[] oid, byte[] parameters) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.OID, oid), parameters);
    }

    private static byte[] pkcs8(byte[] algorithmIdentifier, byte[] privateKey) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), algorithmIdentifier,
                Der.encode(Der.OCTET_STRING, privateKey));
    }
}
