package dev.pkcefilter.internal.settings;

import java.util.Locale;

/**
 * How a provider returns the authorization response (OAuth 2.0 Multiple Response Types §2.1, Form Post Response
 * Mode): in the redirect's query, or as a form the browser POSTs to the redirect URI.
 */
public enum ResponseMode {
    /** A redirect with {@code code} and {@code state} in the query: the default. */
    QUERY,
    /** A POST of {@code code} and {@code state}: nothing in URLs, browser history or {@code Referer} headers. */
    FORM_POST,
    /** {@link #FORM_POST} when the provider's {@code response_modes_supported} lists it, else {@link #QUERY}. */
    AUTO;

    /** @return the mode as the setting and the protocol spell it */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    static ResponseMode read(RawSettings in) {
        String value = in.value(SettingKey.RESPONSE_MODE);
        if (value == null) {
            // A reference that did not resolve: its own problem is reported already.
            return QUERY;
        }
        for (ResponseMode mode : values()) {
            if (mode.value().equals(value)) {
                return mode;
            }
        }
        in.problem(SettingKey.RESPONSE_MODE.key() + ": expected query, form_post or auto, found '" + value + "'");
        return QUERY;
    }
}
