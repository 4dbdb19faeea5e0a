package dev.pkcefilter.internal.web;

/**
 * The one place that makes values from outside safe for a log line: error codes and other registered names from a
 * provider.
 */
public final class Redaction {

    private Redaction() {
    }

    /**
     * @param code an OAuth error code from a provider (RFC 6749 §5.2); may be null
     * @return the code when it is a plain token of at most 64 characters, otherwise a placeholder
     */
    public static String errorCode(String code) {
        if (code == null || code.isEmpty()) {
            return "(none)";
        }
        return code.length() <= 64 && code.matches("[A-Za-z0-9_.-]+") ? code : "(unreadable error code)";
    }

    /**
     * @param values registered names a provider announced (its metadata's lists); may be null
     * @return the list as {@code [a, b]}, each name as {@link #errorCode} passes it, at most 16 of them
     */
    public static String tokens(java.util.Collection<?> values) {
        if (values == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("[");
        int shown = 0;
        for (Object value : values) {
            if (shown == 16) {
                out.append(", ...");
                break;
            }
            out.append(shown++ == 0 ? "" : ", ").append(errorCode(value == null ? null : value.toString()));
        }
        return out.append(']').toString();
    }
}
