package dev.pkcefilter.internal.engine;

/**
 * The one place that makes values from outside safe for a log line: error codes from a provider.
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
}
