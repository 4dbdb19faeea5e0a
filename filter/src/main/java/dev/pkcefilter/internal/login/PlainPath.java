package dev.pkcefilter.internal.login;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A raw request path read the most plain way: what a lenient container or framework could serve for
 * it. Used only to decide whether an ambiguous request leads to a step-up path, never to route one.
 */
final class PlainPath {

    private PlainPath() {
    }

    /**
     * @return whether the raw path holds what containers and frameworks read differently: an empty or dot segment
     *     ({@code //}, {@code /./}, {@code /../}, {@code /..;x/}), a backslash, or an encoded slash, backslash or dot
     *     ({@code %2F}, {@code %5C}, {@code %2E}, any case)
     */
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

    /**
     * @return the path percent-decoded (UTF-8), backslashes read as slashes, {@code ;} parameters dropped from each
     *     segment, dot segments resolved and slashes collapsed
     */
    static String of(String rawPath) {
        String decoded = percentDecoded(rawPath).replace('\\', '/');
        Deque<String> segments = new ArrayDeque<>();
        for (String withParameters : decoded.split("/")) {
            int semicolon = withParameters.indexOf(';');
            String segment = semicolon < 0 ? withParameters : withParameters.substring(0, semicolon);
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

    /** Every {@code %XY} escape decoded, the bytes read as UTF-8; a {@code %} that starts no escape stays. */
    private static String percentDecoded(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int high = c == '%' && i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
