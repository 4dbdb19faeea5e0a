package dev.pkcefilter.internal.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pkcefilter.internal.web.ReturnTo;
import java.net.URI;

/**
 * The return path after login ({@code return}, the page a login started from): whatever comes in, what comes out
 * is {@code /} or a path on this origin (it starts with one {@code /}, holds no backslash and no scheme before
 * its first slash, and resolves against the app's origin to that origin), and sanitizing it again changes nothing.
 */
class ReturnToFuzzTest {

    private static final URI APP = URI.create("https://app.example.com/");

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    static void check(String candidate) {
        String safe = ReturnTo.sanitize(candidate);
        assertEquals(safe, ReturnTo.sanitize(safe), "sanitizing is idempotent");
        if (ReturnTo.FALLBACK.equals(safe)) {
            return;
        }
        assertEquals(candidate, safe, "a path is kept as it came, or replaced");
        assertTrue(safe.startsWith("/") && !safe.startsWith("//") && safe.indexOf('\\') < 0, safe);
        URI resolved;
        try {
            resolved = APP.resolve(safe);
        } catch (IllegalArgumentException notAUri) {
            // Not a URI the JDK parses: a browser sends it back to the same origin as a path all the same.
            return;
        }
        assertEquals("app.example.com", resolved.getHost(), safe);
    }
}
