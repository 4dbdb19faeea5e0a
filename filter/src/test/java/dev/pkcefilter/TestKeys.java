package dev.pkcefilter;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.pkcefilter.internal.credentials.Der;
import dev.pkcefilter.testcertificates.CertificateMaker;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.Arrays;

/** Key files in the forms users have, written from keys generated in the test. */
public final class TestKeys {

    public static final byte[] P256_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};

    private TestKeys() {
    }

    public static byte[] pkcs8(RSAKey key) throws Exception {
        return key.toPrivateKey().getEncoded();
    }

    /** PKCS#1 is the OCTET STRING inside the JDK's PKCS#8 encoding. */
    public static byte[] pkcs1(RSAKey key) throws Exception {
        Der info = new Der(pkcs8(key)).enter(Der.SEQUENCE);
        info.read(Der.INTEGER);
        info.read(Der.SEQUENCE);
        return info.read(Der.OCTET_STRING);
    }

    /** SEC1 as OpenSSL writes it: version, private scalar, curve, public point. */
    public static byte[] sec1(ECKey key, boolean withPublicPoint) throws Exception {
        ECPrivateKey priv = key.toECPrivateKey();
        byte[] d = unsigned(priv.getS(), 32);
        byte[] point = concat(new byte[] {0x00, 0x04}, unsigned(key.getX().decodeToBigInteger(), 32),
                unsigned(key.getY().decodeToBigInteger(), 32));
        byte[] curve = Der.encode(Der.CONTEXT_0, Der.encode(Der.OID, P256_OID));
        byte[] pub = Der.encode(Der.CONTEXT_1, Der.encode(Der.BIT_STRING, point));
        return withPublicPoint
                ? Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {1}), Der.encode(Der.OCTET_STRING, d), curve, pub)
                : Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {1}), Der.encode(Der.OCTET_STRING, d), curve);
    }

    public static Path write(Path dir, String name, String content) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    /**
     * A keystore as users make them with keytool: a key pair and its self-signed certificate for two days, written
     * through the JDK's {@code KeyStore}, which is what keytool writes with.
     */
    public static Path keytool(Path dir, String name, String type, String keyAlg, String alias, String password) {
        KeyPair keys = CertificateMaker.keyPair(keyAlg);
        X509Certificate certificate = CertificateMaker.certificate("CN=pkce-filter test", keys.getPublic(), Duration.ofDays(2))
                .selfSigned(keys.getPrivate());
        return CertificateMaker.writeKeystore(dir.resolve(name), type, alias, keys.getPrivate(), password, certificate);
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        if (bytes.length == length) {
            return bytes;
        }
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] all = new byte[0];
        for (byte[] part : parts) {
            int at = all.length;
            all = Arrays.copyOf(all, at + part.length);
            System.arraycopy(part, 0, all, at, part.length);
        }
        return all;
    }
}
