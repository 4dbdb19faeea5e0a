package dev.pkcefilter.internal.settings;

import dev.pkcefilter.SettingsException;
import dev.pkcefilter.internal.client.KeyMaterial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The given values, each resolved once, and the problems found in them. Generic parsing (numbers in
 * their declared range, flags, lists, paths) and defaults come from the {@link SettingKey}
 * declarations; the section readers add the checks that need more. Every problem reads {@code key:
 * expected ..., found ...}, and a secret's value is never shown.
 */
public final class RawSettings {

    private final Map<SettingKey, String> given = new EnumMap<>(SettingKey.class);
    /** Resolved values, blank ones as null; a key whose reference could not be resolved is absent. */
    private final Map<SettingKey, String> resolved = new EnumMap<>(SettingKey.class);
    private final List<String> problems = new ArrayList<>();

    public RawSettings(Map<String, String> raw, Function<String, String> environment) {
        for (String name : raw.keySet()) {
            if (SettingKey.named(name) == null) {
                problems.add(name + ": expected a known key" + KeySuggestion.closestTo(name, SettingKey.names())
                        .map(known -> " (did you mean " + known + "?)").orElse(" (see the configuration reference)")
                        + ", found an unknown key");
            }
        }
        // In declaration order, so that problems come in the reference's order whatever the source's order.
        for (SettingKey key : SettingKey.values()) {
            String value = raw.get(key.key());
            if (value == null) {
                continue;
            }
            given.put(key, value);
            try {
                String resolvedValue = PropertyReferences.resolve(value, environment).trim();
                resolved.put(key, resolvedValue.isEmpty() ? null : resolvedValue);
            } catch (PropertyReferences.UnresolvedReference e) {
                problems.add(key.key() + ": " + e.getMessage());
            }
        }
    }

    /** @return whether the key was given at all, even blank or with a reference that did not resolve */
    public boolean has(SettingKey key) {
        return given.containsKey(key);
    }

    public void problem(String text) {
        problems.add(text);
    }

    /** @throws SettingsException listing every problem found, when there is one */
    public void failOnProblems() {
        if (!problems.isEmpty()) {
            throw new SettingsException(Collections.unmodifiableList(problems));
        }
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** The resolved value, or the declared default when the key is absent or blank; null when neither. */
    public String value(SettingKey key) {
        String value = resolved.get(key);
        return value != null ? value : given.containsKey(key) && !resolved.containsKey(key) ? null : key.defaultValue();
    }

    /** The resolved value; when absent, one problem saying what was expected (none more if its reference failed). */
    public String required(SettingKey key, String expected) {
        String value = value(key);
        if (value == null && (!given.containsKey(key) || resolved.containsKey(key))) {
            problems.add(key.key() + ": expected " + expected + ", found nothing");
        }
        return value;
    }

    public List<String> list(SettingKey key) {
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

    public String path(SettingKey key) {
        String value = value(key);
        if (value != null && (!value.matches("/[A-Za-z0-9._~!$&'()*+,;=:@/-]*") || value.contains("//") || value.endsWith("/"))) {
            problems.add(key.key() + ": expected a path within the app such as /oauth2/callback (no query, no trailing slash), found "
                    + shown(key, value));
        }
        return value;
    }

    /** A number in the key's declared range; its default when absent or wrong (the problem is recorded). */
    public long number(SettingKey key) {
        Long number = numberOrNull(key);
        return number != null ? number : Long.parseLong(key.defaultValue());
    }

    /** A {@link SettingKey.Kind#SECONDS} or {@link SettingKey.Kind#MILLIS} key as a duration. */
    public Duration duration(SettingKey key) {
        return asDuration(key, number(key));
    }

    /** A duration key without a default: null when absent (or wrong: the problem is recorded). */
    public Duration optionalDuration(SettingKey key) {
        Long number = numberOrNull(key);
        return number == null ? null : asDuration(key, number);
    }

    private static Duration asDuration(SettingKey key, long number) {
        return key.kind() == SettingKey.Kind.MILLIS ? Duration.ofMillis(number) : Duration.ofSeconds(number);
    }

    /** The number given, in the declared range; null when absent, or wrong (the problem is recorded). */
    private Long numberOrNull(SettingKey key) {
        String value = value(key);
        if (value == null) {
            return null;
        }
        try {
            long number = Long.parseLong(value);
            if (number >= key.min() && number <= key.max()) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        problems.add(key.key() + ": expected a whole number from " + key.min() + " to " + key.max() + ", found " + shown(key, value));
        return null;
    }

    public boolean flag(SettingKey key) {
        String value = value(key);
        boolean defaultValue = Boolean.parseBoolean(key.defaultValue());
        if (value == null) {
            return defaultValue;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean(value);
        }
        problems.add(key.key() + ": expected true or false, found " + shown(key, value));
        return defaultValue;
    }

    /**
     * @return the keys in effect, in the reference's order: each given key with its value (references
     *     resolved; a secret as {@code ******}), and each key not given that has a default, with the
     *     default. A key that is neither given nor defaulted is off, and left out to keep the line short.
     */
    public Map<String, String> shownValues() {
        Map<String, String> shown = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            String value = resolved.get(key);
            if (value != null) {
                shown.put(key.key(), key.isSecret() ? "******" : KeyMaterial.looksLike(value) ? "(key material, not shown)" : value);
            } else if (key.defaultValue() != null) {
                shown.put(key.key(), key.defaultValue());
            }
        }
        return shown;
    }

    /** A value as a problem quotes it; a secret key's value, whatever went wrong with it, is never quoted. */
    private static String shown(SettingKey key, String value) {
        return key.isSecret() ? "a value (not shown: it is a secret)"
                : KeyMaterial.looksLike(value) ? "key material (not shown)" : "'" + value + "'";
    }
}
