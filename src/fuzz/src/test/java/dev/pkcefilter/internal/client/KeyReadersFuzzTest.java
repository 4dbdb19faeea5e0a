package dev.pkcefilter.internal.client;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkcefilter.internal.credentials.Der;
import dev.pkcefilter.internal.credentials.KeyStoreFile;
import dev.pkcefilter.internal.credentials.PemPrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * The readers of the files {@code client.key}, {@code client.tls.certificate} and {@code tls.trust-store} name:
 * PEM private keys (PKCS#8, PKCS#1, SEC1, with the fuzzer's bytes as the block's DER so that it reaches the
 * structure), the DER walker under them, and PKCS#12/JKS keystores. Each ends in a key or in its documented
 * exception ({@link IllegalArgumentException}, {@link Der.Malformed}) whose text holds no key material.
 */
class KeyReadersFuzzTest {

    private static final java.util.List<String> BLOCKS = Arrays.asList("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY", "CERTIFICATE");

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) {
        check(data);
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 3)) {
            case 0:
                pem(data.consumeRemainingAsString());
                return;
            case 1: {
                String type = data.pickValue(BLOCKS);
                byte[] der = data.consumeRemainingAsBytes();
                String body = Base64.getMimeEncoder().encodeToString(der);
                String refused = pem("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
                if (refused != null && der.length >= 16) {
                    assertFalse(refused.contains(body.substring(0, 16)), "the text quotes the key: " + refused);
                }
                return;
            }
            case 2:
                der(data);
                return;
            default:
                try {
                    KeyStoreFile.open(data.consumeBytes(4096), data.consumeString(20).toCharArray(), "fuzz.p12", "PKCS#12 or JKS");
                } catch (IllegalArgumentException refused) {
                    // documented
                }
        }
    }

    /** @return the refusal's text, or null when the text held a key */
    private static String pem(String text) {
        try {
            PemPrivateKey.read(text);
            return null;
        } catch (IllegalArgumentException refused) {
            return refused.getMessage();
        }
    }

    private static void der(FuzzedDataProvider data) {
        Der der = new Der(data.consumeBytes(2048));
        try {
            for (int step = 0; step < 20 && der.hasMore(); step++) {
                int tag = data.pickValue(new Integer[] {Der.SEQUENCE, Der.INTEGER, Der.OID, Der.OCTET_STRING, der.peekTag()});
                if (tag == Der.SEQUENCE && data.consumeBoolean()) {
                    der = der.enter(tag);
                } else {
                    der.read(tag);
                }
            }
        } catch (Der.Malformed refused) {
            // documented
        }
    }
}
