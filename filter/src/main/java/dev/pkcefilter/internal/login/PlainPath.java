package dev.pkcefilter.internal.login;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A raw request path read the most plain way: what a lenient container or framework could serve for
 * it. Used only to decide whether an ambiguous request leads to a step-up path, never to route one.
 */
final class PlainPath {

    private PlainPath() {
    }

    /** @return whether the path holds an empty or dot segment, a backslash, or an encoded slash, backslash or dot */
    static boolean isAmbiguous(String rawPath) {
        int length = rawPath.length();
        for (int i = 0; i < length; i++) {
            char c = rawPath.charAt(i);
            if (c == '\\') {
                return true;
            }
            if (c == '%' && i + 2 < length) {
                char high = rawPath.charAt(i + 1);
                char low = Character.toLowerCase(rawPath.charAt(i + 2));
                if (high == '2' && (low == 'f' || low == 'e') || high == '5' && low == 'c') {
                    return true;
                }
            }
            if (c == '/' && i + 1 < length) {
                char next = rawPath.charAt(i + 1);
                if (next == '/' || next == '.' && isDotSegment(rawPath, i + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return whether the segment starting at {@code start} is "." or ".." */
    private static boolean isDotSegment(String path, int start) {
        int end = start;
        while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != ';' && path.charAt(end) != '?') {
            end++;
        }
        String segment = path.substring(start, end);
        return ".".equals(segment) || "..".equals(segment);
    }

    /** @return the path with encoded slashes, backslashes and dots decoded, dot segments resolved and slashes collapsed */
    static String of(String rawPath) {
        String decoded = rawPath.replace('\\', '/');
        decoded = decoded.replaceAll("(?i)%2f|%5c", "/").replaceAll("(?i)%2e", ".");
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : decoded.split("/")) {
            if (segment.isEmpty() || ".".equals(segment)) {
                continue;
            }
            if ("..".equals(segment)) {
                segments.pollLast();
            } else {
                segments.addLast(segment);
            }
        }
        StringBuilder plain = new StringBuilder();
        for (String segment : segments) {
            plain.append('/').append(segment);
        }
        boolean trailingSlash = decoded.endsWith("/") && plain.length() > 0;
        return plain.length() == 0 ? "/" : trailingSlash ? plain.append('/').toString() : plain.toString();
    }
}
