package dev.pkcefilter.internal.session;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Reads role names from a claim given as a dotted path ({@code groups}, {@code roles},
 * {@code realm_access.roles}): a list of strings, or a single string of space-separated names.
 * An optional prefix is stripped ({@code ROLE_}, {@code /app/}). Anything else yields no roles.
 */
public final class RolesClaim {

    private RolesClaim() {
    }

    public static Set<String> extract(Map<String, ?> claims, String path, String stripPrefix) {
        if (path == null) {
            return Collections.emptySet();
        }
        Object value = claims;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map)) {
                return Collections.emptySet();
            }
            value = ((Map<?, ?>) value).get(part);
        }
        Set<String> roles = new LinkedHashSet<>();
        if (value instanceof Iterable) {
            for (Object item : (Iterable<?>) value) {
                if (item instanceof String) {
                    add(roles, (String) item, stripPrefix);
                }
            }
        } else if (value instanceof String) {
            for (String item : ((String) value).trim().split("\\s+")) {
                add(roles, item, stripPrefix);
            }
        }
        return Collections.unmodifiableSet(roles);
    }

    private static void add(Set<String> roles, String role, String stripPrefix) {
        String name = stripPrefix != null && role.startsWith(stripPrefix) ? role.substring(stripPrefix.length()) : role;
        if (!name.isEmpty()) {
            roles.add(name);
        }
    }
}
