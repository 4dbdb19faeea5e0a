package dev.pkcefilter.internal.settings;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The known settings key closest to a mistyped one, by edit distance (Levenshtein), so that the startup
 * message says "did you mean client.secret?" instead of listing every key.
 */
public final class KeySuggestion {

    private KeySuggestion() {
    }

    /**
     * @return the closest known key, when it is close enough to be the one meant: at most a third of the
     *     typed key's length in edits, and at least 2
     */
    public static Optional<String> closestTo(String typed, List<String> known) {
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(lower, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, lower.length() / 3) ? Optional.ofNullable(best) : Optional.empty();
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
