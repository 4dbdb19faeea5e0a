package dev.pkcefilter.internal.origin;

import java.util.Locale;

/**
 * Which family of forwarding headers a trusted proxy sets ({@code proxy.headers}): RFC 7239's
 * {@code Forwarded}, the de-facto {@code X-Forwarded-*}, or both. A proxy that sets one family
 * usually passes the other on from the client untouched, so reading the wrong one believes the client.
 */
public enum ProxyHeaders {

    /** Only {@code Forwarded} is read; {@code X-Forwarded-*} are ignored. */
    FORWARDED("forwarded"),
    /** Only {@code X-Forwarded-*} are read; {@code Forwarded} is ignored. */
    X_FORWARDED("x-forwarded"),
    /** The proxy sets both: {@code Forwarded} is read, and where {@code X-Forwarded-*} say something else the request is refused. */
    BOTH("both"),
    /**
     * Whichever family the request carries; a request through a trusted proxy that carries both is
     * refused, as one of them may be the client's.
     */
    AUTO("auto");

    private final String value;

    ProxyHeaders(String value) {
        this.value = value;
    }

    /** @return the setting's value for this family */
    public String value() {
        return value;
    }

    /** @return the family the setting names, or null when it names none */
    public static ProxyHeaders named(String value) {
        for (ProxyHeaders family : values()) {
            if (family.value.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return family;
            }
        }
        return null;
    }
}
