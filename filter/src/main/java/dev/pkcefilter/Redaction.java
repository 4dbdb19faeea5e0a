package dev.pkcefilter;

/**
 * The one place that makes values from outside safe for a log line: error codes from a provider and
 * URLs whose query may carry codes or state.
 */
final class Redaction {

    private Redaction() {
    }

    /**
     * @param url a URL or path; may be null
     * @return the URL with every query and fragment value replaced by {@code ***}
     */
    static String url(String url) {
        if (url == null) {
            return "(none)";
        }
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        int cut = query < 0 ? fragment : (fragment < 0 ? query : Math.min(query, fragment));
        if (cut < 0) {
            return printable(url);
        }
        StringBuilder redacted = new StringBuilder(printable(url.substring(0, cut)));
        String rest = url.substring(cut);
        for (String part : rest.substring(1).split("[&#]")) {
            int eq = part.indexOf('=');
            redacted.append(redacted.length() == cut ? rest.charAt(0) : '&')
                    .append(printable(eq < 0 ? part : part.substring(0, eq))).append(eq < 0 ? "" : "=***");
        }
        return redacted.toString();
    }

    /**
     * @param code an OAuth error code from a provider (RFC 6749 §5.2); may be null
     * @return the code when it is a plain token of at most 64 characters, otherwise a placeholder
     */
    static String errorCode(String code) {
        if (code == null || code.isEmpty()) {
            return "(none)";
        }
        return code.length() <= 64 && code.matches("[A-Za-z0-9_.-]+") ? code : "(unreadable error code)";
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return out.toString();
    }
}
