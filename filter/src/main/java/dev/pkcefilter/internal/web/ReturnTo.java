package dev.pkcefilter.internal.web;

import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;

/**
 * Where the browser goes after a login: the path it first asked for, only if it is a same-origin
 * relative path. Anything that a browser could read as another origin ({@code //evil},
 * {@code /\evil}, {@code https://evil}, their percent-encoded forms) or that could split a header
 * (CR, LF, other control characters) becomes {@code /}.
 */
public final class ReturnTo {

    public static final String FALLBACK = "/";

    private ReturnTo() {
    }

    /**
     * @param candidate a path with optional query, as the request carried it; may be null
     * @return the candidate when it is a safe same-origin path, otherwise {@code /}
     */
    public static String sanitize(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > 4096) {
            return FALLBACK;
        }
        if (!isSafe(candidate)) {
            return FALLBACK;
        }
        // Decoded forms are checked too: a proxy or the app may decode once before the browser sees it.
        String decoded = candidate;
        for (int round = 0; round < 3; round++) {
            String next = decodeOnce(decoded);
            if (next == null || !isSafe(next)) {
                return FALLBACK;
            }
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        return candidate;
    }

    private static boolean isSafe(String path) {
        if (path.charAt(0) != '/' || path.startsWith("//")) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' || c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String decodeOnce(String path) {
        try {
            // URLDecoder turns '+' into a space, which is harmless here: only the checks read it.
            return URLDecoder.decode(path, "UTF-8");
        } catch (IllegalArgumentException | UnsupportedEncodingException e) {
            return null;
        }
    }
}
