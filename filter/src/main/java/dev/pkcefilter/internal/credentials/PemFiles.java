package dev.pkcefilter.internal.credentials;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading the files that certificate settings name: their bytes, whether they are PEM, and their certificates.
 * Shared by the client certificate, the trust store and the client key readers. Failures are {@link
 * IllegalArgumentException}s naming the file and what was expected.
 */
public final class PemFiles {

    private static final Pattern CERTIFICATE_BLOCK = Pattern.compile("-----BEGIN CERTIFICATE-----[\\s\\S]*?-----END CERTIFICATE-----");

    private PemFiles() {
    }

    /**
     * @param what what the file holds, for the message
     * @return the file's bytes
     */
    public static byte[] read(String path, String what) {
        if (KeyMaterial.looksLike(path)) {
            // ${file:...} of the file, meant for its path, brought its content into the setting: never quote it.
            throw new IllegalArgumentException("expected the path of the " + what + " file, found key material"
                    + " (not shown: give the file's path, not ${file:...} of it)");
        }
        try {
            return BoundedFile.read(Paths.get(path));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("expected a readable " + what + " file at " + path + ", found "
                    + e.getClass().getSimpleName());
        }
    }

    /** @return the content as text, without a leading byte order mark */
    public static String text(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        return (text.startsWith("\uFEFF") ? text.substring(1) : text).trim();
    }

    /**
     * @return whether the text is PEM: it has a PEM block, possibly after OpenSSL's "Bag Attributes" lines or
     *     other text before it
     */
    public static boolean isPem(String text) {
        return text.contains("-----BEGIN ");
    }

    /** @return the certificates of the text's CERTIFICATE blocks, in their order; possibly none */
    public static List<X509Certificate> certificates(String text, String path) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = CERTIFICATE_BLOCK.matcher(text);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (block.find()) {
                certificates.add((X509Certificate) factory.generateCertificate(
                        new ByteArrayInputStream(block.group().getBytes(StandardCharsets.US_ASCII))));
            }
        } catch (CertificateException e) {
            throw new IllegalArgumentException("expected X.509 certificates in the CERTIFICATE blocks of " + path
                    + ", found one that does not parse");
        }
        return certificates;
    }
}
