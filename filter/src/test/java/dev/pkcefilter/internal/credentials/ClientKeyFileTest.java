package dev.pkcefilter.internal.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.pkcefilter.TestKeys;
import dev.pkcefilter.testcertificates.CertificateMaker;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key form loads to the same key; every bad key gives a message naming the file, never the secret. */
class ClientKeyFileTest {

    @TempDir
    static Path dir;

    private static RSAKey rsa;
    private static ECKey ec;

    @BeforeAll
    static void keys() throws Exception {
        rsa = new RSAKeyGenerator(2048).generate();
        ec = new ECKeyGenerator(Curve.P_256).generate();
    }

    private static JWK read(Path file) {
        return new ClientKeyFile(file.toString(), null, null, null).read();
    }

    private static String failure(ClientKeyFile file) {
        return assertThrows(IllegalArgumentException.class, file::read).getMessage();
    }

    @Test
    void readWhenPkcs8RsaPemThenSameKeyWithThumbprintKid() throws Exception {
        JWK key = read(TestKeys.write(dir, "rsa8.pem", CertificateMaker.pem("PRIVATE KEY", TestKeys.pkcs8(rsa))));
        assertEquals(rsa.toPublicJWK().computeThumbprint(), key.toPublicJWK().computeThumbprint());
        assertEquals(rsa.computeThumbprint().toString(), key.getKeyID());
        assertTrue(key.isPrivate());
    }

    @Test
    void readWhenPkcs1RsaPemThenSameKey() throws Exception {
        JWK key = read(TestKeys.write(dir, "rsa1.pem", CertificateMaker.pem("RSA PRIVATE KEY", TestKeys.pkcs1(rsa))));
        assertEquals(rsa.computeThumbprint(), key.computeThumbprint());
        assertEquals(rsa.toRSAPrivateKey().getPrivateExponent(), ((RSAKey) key).toRSAPrivateKey().getPrivateExponent());
    }

    @Test
    void readWhenSec1EcPemThenSameKey() throws Exception {
        JWK key = read(TestKeys.write(dir, "ec1.pem", CertificateMaker.pem("EC PRIVATE KEY", TestKeys.sec1(ec, true))));
        assertInstanceOf(ECKey.class, key);
        assertEquals(ec.computeThumbprint(), key.computeThumbprint());
        assertEquals(ec.toECPrivateKey().getS(), ((ECKey) key).toECPrivateKey().getS());
    }

    @Test
    void readWhenPkcs8EcPemWithPublicPointThenSameKey() throws Exception {
        byte[] algorithm = Der.encode(Der.SEQUENCE, Der.encode(Der.OID, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01}),
                Der.encode(Der.OID, TestKeys.P256_OID));
        byte[] pkcs8 = Der.encode(Der.SEQUENCE, Der.encode(Der.INTEGER, new byte[] {0}), algorithm,
                Der.encode(Der.OCTET_STRING, TestKeys.sec1(ec, true)));
        JWK key = read(TestKeys.write(dir, "ec8.pem", CertificateMaker.pem("PRIVATE KEY", pkcs8)));
        assertEquals(ec.computeThumbprint(), key.computeThumbprint());
    }

    @Test
    void readWhenJwkFileThenKeyAndItsKid() throws Exception {
        RSAKey withKid = new RSAKey.Builder(rsa).keyID("my-key").build();
        JWK key = read(TestKeys.write(dir, "key.jwk", withKid.toJSONString()));
        assertEquals("my-key", key.getKeyID());
    }

    @Test
    void readWhenJwkSetWithSeveralKeysThenSelectedByKid() throws Exception {
        JWKSet set = new JWKSet(List.of(new RSAKey.Builder(rsa).keyID("a").build(), new ECKey.Builder(ec).keyID("b").build()));
        Path file = TestKeys.write(dir, "set.json", set.toString(false));
        assertEquals("b", new ClientKeyFile(file.toString(), null, null, "b").read().getKeyID());
        assertEquals("client-key: expected one key or a key id in the JWK set at " + file + ", found key ids [a, b]",
                "client-key: " + failure(new ClientKeyFile(file.toString(), null, null, null)));
        assertTrue(failure(new ClientKeyFile(file.toString(), null, null, "c")).startsWith("expected a key with id 'c'"));
    }

    @Test
    void readWhenPkcs12OrJksKeystoreThenKeyUnderAlias() throws Exception {
        Path p12 = TestKeys.keytool(dir, "client.p12", "PKCS12", "RSA", "client", "store-pass-1");
        Path jks = TestKeys.keytool(dir, "client.jks", "JKS", "EC", "signer", "store-pass-2");
        assertInstanceOf(RSAKey.class, new ClientKeyFile(p12.toString(), "store-pass-1", "client", null).read());
        assertInstanceOf(ECKey.class, new ClientKeyFile(jks.toString(), "store-pass-2", null, null).read());
        assertEquals("k1", new ClientKeyFile(p12.toString(), "store-pass-1", null, "k1").read().getKeyID());
    }

    @Test
    void readWhenKeystoreProblemsThenEachNamedWithoutThePassword() throws Exception {
        Path p12 = TestKeys.keytool(dir, "other.p12", "PKCS12", "RSA", "client", "right-password");
        String wrong = failure(new ClientKeyFile(p12.toString(), "wrong-password", null, null));
        assertEquals("expected the PKCS12 keystore at " + p12 + " to open with its password, found the password wrong", wrong);
        String alias = failure(new ClientKeyFile(p12.toString(), "right-password", "nope", null));
        assertEquals("expected a private key under alias 'nope' in the keystore at " + p12 + ", found [client]", alias);
        String none = failure(new ClientKeyFile(p12.toString(), null, null, null));
        assertTrue(none.startsWith("expected a password for the keystore at " + p12), none);
        for (String message : List.of(wrong, alias, none)) {
            assertFalse(message.contains("right-password") || message.contains("wrong-password"), message);
        }
    }

    @Test
    void readWhenOtherBlocksComeBeforeTheKeyThenTheKeyIsRead() throws Exception {
        // A certificate before the key (a bundle), and the EC PARAMETERS block that openssl ecparam -genkey writes first.
        String certificate = CertificateMaker.pem("CERTIFICATE", new byte[] {0x30, 0x00});
        JWK rsaKey = read(TestKeys.write(dir, "bundle.pem", certificate + CertificateMaker.pem("PRIVATE KEY", TestKeys.pkcs8(rsa))));
        assertEquals(rsa.getModulus(), rsaKey.toRSAKey().getModulus());
        String parameters = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        JWK ecKey = read(TestKeys.write(dir, "ecparam.pem", parameters + CertificateMaker.pem("EC PRIVATE KEY", TestKeys.sec1(ec, true))));
        assertEquals(ec.getD(), ecKey.toECKey().getD());
    }

    @Test
    void readWhenOldOpensslEncryptedRsaKeyThenTheEncryptedKeyHint() throws Exception {
        Path old = TestKeys.write(dir, "old-encrypted.pem", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertTrue(failure(new ClientKeyFile(old.toString(), null, null, null)).startsWith("expected an unencrypted PEM key"),
                failure(new ClientKeyFile(old.toString(), null, null, null)));
    }

    @Test
    void readWhenBadFilesThenMessagesSayWhatWasExpected() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertEquals("expected a readable key file at " + missing + ", found NoSuchFileException", failure(new ClientKeyFile(missing.toString(), null, null, null)));
        Path pub = TestKeys.write(dir, "public.jwk", rsa.toPublicJWK().toJSONString());
        assertEquals("expected a private key in " + pub + ", found only a public key", failure(new ClientKeyFile(pub.toString(), null, null, null)));
        Path encrypted = TestKeys.write(dir, "enc.pem", CertificateMaker.pem("ENCRYPTED PRIVATE KEY", new byte[] {0x30, 0x00}));
        assertTrue(failure(new ClientKeyFile(encrypted.toString(), null, null, null)).startsWith("expected an unencrypted PEM key"));
        Path cert = TestKeys.write(dir, "cert.pem", CertificateMaker.pem("CERTIFICATE", new byte[] {0x30, 0x00}));
        assertEquals("expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block, found CERTIFICATE",
                failure(new ClientKeyFile(cert.toString(), null, null, null)));
        Path garbage = TestKeys.write(dir, "garbage.pem", CertificateMaker.pem("PRIVATE KEY", new byte[] {0x30, 0x05, 0x02, 0x01}));
        assertEquals("expected a valid PRIVATE KEY structure, found one that does not parse (Malformed)",
                failure(new ClientKeyFile(garbage.toString(), null, null, null)));
        Path noPoint = TestKeys.write(dir, "ec-nopoint.pem", CertificateMaker.pem("EC PRIVATE KEY", TestKeys.sec1(ec, false)));
        assertTrue(failure(new ClientKeyFile(noPoint.toString(), null, null, null))
                .startsWith("expected the EC key to include its public point, found none"));
        Path text = TestKeys.write(dir, "text.txt", "hello");
        assertTrue(failure(new ClientKeyFile(text.toString(), "x", null, null))
                .startsWith("expected a PEM, JWK, PKCS#12 or JKS key file at " + text));
    }
}
