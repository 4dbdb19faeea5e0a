package dev.pkcefilter.testbed;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test bed's 2048-bit RSA keys (a provider's signing key, a client's assertion key), drawn in turn from a pool
 * that the test bed's build makes once ({@link #main}, at {@code process-classes}) rather than made anew for each
 * provider. An RSA key costs 0.3 to 0.5 s of CPU with the JIT's C2 and 0.3 to 2.1 s with C1 alone (prime search
 * varies). Making them was 15 % of src/it's test JVM's CPU samples, and each provider child on C1 made one.
 *
 * <p>What the tests need of these keys holds: every key drawn in a JVM differs from the {@value #SIZE} - 1 drawn
 * just before it, so the providers, impostors and clients of one test never share a key; each gets the
 * {@code kid} its caller gives. The pool lives in the build's own directory (the test bed's classes and jar, and
 * the provider jar made from it, none of them released), and each build makes a new one. Where it is missing
 * (classes run from an IDE that skipped the build step), keys are generated as before.
 */
public final class RsaKeyPool {

    /** How many keys the build makes: more than any test draws at once. */
    public static final int SIZE = 16;
    /** The JWK set on the classpath, beside this class. */
    static final String RESOURCE = "rsa-key-pool.json";

    private static final List<RSAKey> POOL = load();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private RsaKeyPool() {
    }

    /**
     * @param keyId the {@code kid} the key gets
     * @return the next key of the pool, or a new one where there is no pool
     */
    static RSAKey next(String keyId) {
        if (POOL.isEmpty()) {
            return generate(keyId);
        }
        RSAKey key = POOL.get(Math.floorMod(NEXT.getAndIncrement(), POOL.size()));
        return new RSAKey.Builder(key).keyID(keyId).build();
    }

    private static List<RSAKey> load() {
        try (InputStream in = RsaKeyPool.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return List.of();
            }
            List<RSAKey> keys = new ArrayList<>();
            for (JWK key : JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getKeys()) {
                keys.add(key.toRSAKey());
            }
            return List.copyOf(keys);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the RSA key pool " + RESOURCE, e);
        } catch (ParseException e) {
            throw new IllegalStateException("the RSA key pool " + RESOURCE + " is not a JWK set of RSA keys", e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("no RSA key could be generated", e);
        }
    }

    /**
     * Writes the pool: {@value #SIZE} new keys as a JWK set, private members included. Run by the test bed's build.
     *
     * @param args the file to write
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RsaKeyPool <file to write>");
        }
        List<JWK> keys = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            keys.add(generate("pool-" + i));
        }
        Path file = Path.of(args[0]);
        Files.createDirectories(file.getParent());
        Files.writeString(file, new JWKSet(keys).toString(false), StandardCharsets.UTF_8);
    }
}
