package dev.pkcefilter.internal.origin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code proxy.trusted} list: a list either parses or is refused with {@link IllegalArgumentException}, and a
 * parsed list trusts each single address it names and answers any other text without throwing.
 */
class TrustedProxiesFuzzTest {

    @FuzzTest(maxDuration = "3s")
    void fuzz(FuzzedDataProvider data) {
        check(data);
    }

    /** For a longer run with Jazzer's command line: see FUZZING.md. */
    public static void fuzzerTestOneInput(FuzzedDataProvider data) {
        check(data);
    }

    static void check(FuzzedDataProvider data) {
        List<String> entries = new ArrayList<>();
        int count = data.consumeInt(0, 4);
        for (int i = 0; i < count; i++) {
            entries.add(data.consumeString(50));
        }
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(entries);
        } catch (IllegalArgumentException refused) {
            return;
        }
        for (String entry : entries) {
            String trimmed = entry.trim();
            if (!trimmed.isEmpty() && trimmed.indexOf('/') < 0) {
                assertTrue(proxies.trusts(trimmed), trimmed + " is on the list it was parsed from");
            }
        }
        proxies.trusts(data.consumeRemainingAsString());
    }
}
