package dev.pkcefilter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Raw key/value settings and the problems found in them. The section readers take values from
 * here; every problem reads {@code key: expected ..., found ...}, and a secret's value is never shown.
 */
final class RawSettings {

    private final Map<String, String> raw;
    private final Function<String, String> environment;
    private final List<String> problems = new ArrayList<>();

    RawSettings(Map<String, String> raw, Function<String, String> environment) {
        this.raw = raw;
        this.environment = environment;
    }

    boolean has(String key) {
        return raw.containsKey(key);
    }

    void problem(String text) {
        problems.add(text);
    }

    List<String> problems() {
        return Collections.unmodifiableList(problems);
    }

    /** The value with references resolved, or null when the key is absent or blank. */
    String value(String key) {
        String value = raw.get(key);
        if (value == null) {
            return null;
        }
        try {
            value = PropertyReferences.resolve(value, environment).trim();
        } catch (PropertyReferences.UnresolvedReference e) {
            problems.add(key + ": " + e.getMessage());
            return null;
        }
        return value.isEmpty() ? null : value;
    }

    String required(String key, String expected) {
        String value = value(key);
        if (value == null && !problems.stream().anyMatch(p -> p.startsWith(key + ":"))) {
            problems.add(key + ": expected " + expected + ", found nothing");
        }
        return value;
    }

    List<String> list(String key) {
        String value = value(key);
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split("[\\s,]+")) {
                if (!item.isEmpty()) {
                    items.add(item);
                }
            }
        }
        return Collections.unmodifiableList(items);
    }

    String optionalPath(String key) {
        String value = value(key);
        if (value != null && (!value.matches("/[A-Za-z0-9._~!$&'()*+,;=:@/-]*") || value.contains("//") || value.endsWith("/"))) {
            problems.add(key + ": expected a path within the app such as /oauth2/callback (no query, no trailing slash), found "
                    + shown(key, value));
        }
        return value;
    }

    long number(String key, long defaultValue, long min, long max) {
        String value = value(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        problems.add(key + ": expected a whole number from " + min + " to " + max + ", found " + shown(key, value));
        return defaultValue;
    }

    boolean bool(String key, boolean defaultValue) {
        String value = value(key);
        if (value == null) {
            return defaultValue;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        problems.add(key + ": expected true or false, found " + shown(key, value));
        return defaultValue;
    }

    /** A value as a problem quotes it; a secret key's value, whatever went wrong with it, is never quoted. */
    private static String shown(String key, String value) {
        for (SettingKey setting : SettingKey.values()) {
            if (setting.key().equals(key) && setting.isSecret()) {
                return "a value (not shown: it is a secret)";
            }
        }
        return "'" + value + "'";
    }
}
