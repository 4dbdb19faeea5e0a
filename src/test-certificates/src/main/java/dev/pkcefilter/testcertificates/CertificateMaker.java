package dev.pkcefilter.testcertificates;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Makes X.509 version 3 certificates in this JVM, as {@code keytool -genkeypair} and {@code keytool -gencert} make
 * them, with the JDK's public API: the key pair from {@link KeyPairGenerator}, the names from {@link X500Principal},
 * the signature from {@link Signature}, and the certificate read back by {@link CertificateFactory}, which checks
 * the encoding. Only the few DER structures around them are written here.
 *
 * <p>Why not keytool: every test certificate used to be a keytool run, a JVM of its own, about a second of CPU
 * each and some fifty of them in a full build. Certificates are made for each test run, valid for days around the
 * clock that reads them, so no certificate is checked in and none can expire.
 *
 * <p>Extensions are given as keytool's {@code -ext} writes them, so a test reads as it did:
 * {@code san=dns:localhost,ip:127.0.0.1}, {@code eku=serverAuth} (or {@code clientAuth}), {@code bc:c} (a
 * certificate authority). Every certificate also
 * carries a subject key identifier, and one issued by another an authority key identifier, as keytool's do.
 */
public final class CertificateMaker {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** X.509 switches from UTCTime to GeneralizedTime for dates from 2050 on (RFC 5280 §4.1.2.5). */
    private static final int LAST_UTC_TIME_YEAR = 2049;

    private final String subject;
    private final PublicKey publicKey;
    private Instant notBefore;
    private Instant notAfter;
    private final List<byte[]> extensions = new ArrayList<>();

    private CertificateMaker(String subject, PublicKey publicKey, Instant notBefore, Instant notAfter) {
        this.subject = subject;
        this.publicKey = publicKey;
        this.notBefore = notBefore;
        this.notAfter = notAfter;
    }

    /**
     * @param algorithm {@code EC} (P-256), {@code RSA} (2048 bits) or {@code RSA} followed by the size, as {@code RSA1024}
     * @return a new key pair
     */
    public static KeyPair keyPair(String algorithm) {
        try {
            if (algorithm.equals("EC")) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            if (algorithm.startsWith("RSA")) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(algorithm.length() > 3 ? Integer.parseInt(algorithm.substring(3)) : 2048);
                return generator.generateKeyPair();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make an " + algorithm + " key", e);
        }
        throw new IllegalArgumentException("expected a key algorithm of EC, RSA or RSA<bits>, found " + algorithm);
    }

    /**
     * Starts a certificate valid from now for {@code validity}, as {@code keytool -validity} does.
     *
     * @param subject the distinguished name, as {@code CN=app,O=Example}
     * @param publicKey the subject's key
     * @param validity how long it is valid
     */
    public static CertificateMaker certificate(String subject, PublicKey publicKey, Duration validity) {
        Instant now = Instant.now();
        return new CertificateMaker(subject, publicKey, now, now.plus(validity));
    }

    /** Moves the start of validity by this much (negative: into the past), keeping its length, as {@code -startdate}. */
    public CertificateMaker startingIn(Duration offset) {
        Duration length = Duration.between(notBefore, notAfter);
        notBefore = notBefore.plus(offset);
        notAfter = notBefore.plus(length);
        return this;
    }

    /**
     * Adds an extension written as keytool's {@code -ext} takes it.
     *
     * @param extension {@code san=} with {@code dns:} and {@code ip:} names, {@code eku=} with {@code serverAuth} and
     *     {@code clientAuth}, or {@code bc:c}
     */
    public CertificateMaker extension(String extension) {
        if (extension.equals("bc:c") || extension.equals("bc=ca:true")) {
            extensions.add(extension("2.5.29.19", true, Der.sequence(Der.tlv(Der.BOOLEAN, new byte[] {(byte) 0xff}))));
        } else if (extension.startsWith("san=")) {
            List<byte[]> names = new ArrayList<>();
            for (String name : extension.substring(4).split(",")) {
                if (name.startsWith("dns:")) {
                    names.add(Der.tlv(0x82, name.substring(4).getBytes(StandardCharsets.US_ASCII)));
                } else if (name.startsWith("ip:")) {
                    names.add(Der.tlv(0x87, ipAddress(name.substring(3))));
                } else {
                    throw new IllegalArgumentException("expected san= names of dns: or ip:, found " + name);
                }
            }
            extensions.add(extension("2.5.29.17", false, Der.sequence(names.toArray(new byte[0][]))));
        } else if (extension.startsWith("eku=")) {
            List<byte[]> purposes = new ArrayList<>();
            for (String purpose : extension.substring(4).split(",")) {
                purposes.add(Der.oid(switch (purpose) {
                    case "serverAuth" -> "1.3.6.1.5.5.7.3.1";
                    case "clientAuth" -> "1.3.6.1.5.5.7.3.2";
                    default -> throw new IllegalArgumentException("expected eku= of serverAuth or clientAuth, found " + purpose);
                }));
            }
            extensions.add(extension("2.5.29.37", false, Der.sequence(purposes.toArray(new byte[0][]))));
        } else {
            throw new IllegalArgumentException("expected an extension of san=, eku= or bc:c, found " + extension);
        }
        return this;
    }

    /** @return the certificate, signed with the subject's own key */
    public X509Certificate selfSigned(PrivateKey privateKey) {
        return sign(new X500Principal(subject).getEncoded(), publicKey, privateKey);
    }

    /** @return the certificate, issued and signed by {@code issuer} */
    public X509Certificate issuedBy(X509Certificate issuer, PrivateKey issuerKey) {
        // The issuer's name exactly as its certificate encodes it, which is what chain validation compares.
        return sign(issuer.getSubjectX500Principal().getEncoded(), issuer.getPublicKey(), issuerKey);
    }

    private X509Certificate sign(byte[] issuer, PublicKey issuerPublicKey, PrivateKey issuerKey) {
        boolean ec = issuerKey.getAlgorithm().equals("EC");
        String signatureAlgorithm = ec ? "SHA256withECDSA" : "SHA256withRSA";
        // ecdsa-with-SHA256 has no parameters; sha256WithRSAEncryption has NULL ones (RFC 5758, RFC 4055).
        byte[] algorithmId = ec ? Der.sequence(Der.oid("1.2.840.10045.4.3.2"))
                : Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.tlv(Der.NULL, new byte[0]));
        List<byte[]> allExtensions = new ArrayList<>(extensions);
        allExtensions.add(extension("2.5.29.14", false, Der.tlv(Der.OCTET_STRING, keyIdentifier(publicKey))));
        if (!issuerPublicKey.equals(publicKey)) {
            allExtensions.add(extension("2.5.29.35", false, Der.sequence(Der.tlv(0x80, keyIdentifier(issuerPublicKey)))));
        }
        byte[] tbs = Der.sequence(
                Der.tlv(0xa0, Der.tlv(Der.INTEGER, new byte[] {2})),
                Der.tlv(Der.INTEGER, new BigInteger(63, RANDOM).add(BigInteger.ONE).toByteArray()),
                algorithmId,
                issuer,
                Der.sequence(time(notBefore), time(notAfter)),
                new X500Principal(subject).getEncoded(),
                publicKey.getEncoded(),
                Der.tlv(0xa3, Der.sequence(allExtensions.toArray(new byte[0][]))));
        try {
            Signature signature = Signature.getInstance(signatureAlgorithm);
            signature.initSign(issuerKey);
            signature.update(tbs);
            byte[] value = signature.sign();
            byte[] bitString = new byte[value.length + 1];
            System.arraycopy(value, 0, bitString, 1, value.length);
            byte[] certificate = Der.sequence(tbs, algorithmId, Der.tlv(Der.BIT_STRING, bitString));
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certificate));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign the certificate for " + subject, e);
        }
    }

    /**
     * Writes a keystore with one key entry, through the JDK's {@link KeyStore}, which is also what keytool writes
     * with.
     *
     * @param type {@code PKCS12} or {@code JKS}
     * @param chain the key's certificate first, then its issuers'
     */
    public static Path writeKeystore(Path file, String type, String alias, PrivateKey key, String password,
            X509Certificate... chain) {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(null, null);
            store.setKeyEntry(alias, key, password.toCharArray(), chain);
            store.store(out, password.toCharArray());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the keystore " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + type + " keystore", e);
        }
    }

    /**
     * @param type the label, as {@code CERTIFICATE} or {@code PRIVATE KEY}
     * @param der what the block holds
     * @return the PEM block as OpenSSL writes it (RFC 7468): base64 in lines of 64 characters
     */
    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.sequence(Der.oid(oid), Der.tlv(Der.BOOLEAN, new byte[] {(byte) 0xff}), Der.tlv(Der.OCTET_STRING, value))
                : Der.sequence(Der.oid(oid), Der.tlv(Der.OCTET_STRING, value));
    }

    /** RFC 7093 §2 method 1: the leftmost 160 bits of the SHA-256 hash of the encoded public key. */
    private static byte[] keyIdentifier(PublicKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            byte[] identifier = new byte[20];
            System.arraycopy(hash, 0, identifier, 0, identifier.length);
            return identifier;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] time(Instant instant) {
        ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
        return utc.getYear() <= LAST_UTC_TIME_YEAR
                ? Der.tlv(Der.UTC_TIME, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII))
                : Der.tlv(Der.GENERALIZED_TIME, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] ipAddress(String literal) {
        try {
            // A literal address: InetAddress parses it without a lookup.
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("expected an IP address after ip:, found " + literal, e);
        }
    }

    /** The DER encoding of the few ASN.1 types a certificate needs around what the JDK encodes itself. */
    private static final class Der {
        static final int BOOLEAN = 0x01;
        static final int INTEGER = 0x02;
        static final int BIT_STRING = 0x03;
        static final int OCTET_STRING = 0x04;
        static final int NULL = 0x05;
        static final int OID = 0x06;
        static final int UTC_TIME = 0x17;
        static final int GENERALIZED_TIME = 0x18;
        static final int SEQUENCE = 0x30;

        static byte[] sequence(byte[]... elements) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (byte[] element : elements) {
                content.writeBytes(element);
            }
            return tlv(SEQUENCE, content.toByteArray());
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else {
                byte[] bytes = BigInteger.valueOf(length).toByteArray();
                int start = bytes[0] == 0 ? 1 : 0;
                out.write(0x80 | (bytes.length - start));
                out.write(bytes, start, bytes.length - start);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] oid(String dotted) {
            String[] arcs = dotted.split("\\.");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
            for (int i = 2; i < arcs.length; i++) {
                long arc = Long.parseLong(arcs[i]);
                // Base 128, most significant group first, every group but the last with its high bit set.
                int groups = 1;
                for (long rest = arc >>> 7; rest != 0; rest >>>= 7) {
                    groups++;
                }
                for (int group = groups - 1; group >= 0; group--) {
                    out.write((int) ((arc >>> (7 * group)) & 0x7f) | (group > 0 ? 0x80 : 0));
                }
            }
            return tlv(OID, out.toByteArray());
        }
    }
}
