package dev.pkcefilter.internal.settings;

import dev.pkcefilter.SettingsException;
import dev.pkcefilter.internal.credentials.KeyMaterial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The given values, each resolved once, and the problems found in them. Generic parsing (numbers in
 * their declared range, flags, lists, paths) and defaults come from the {@link SettingKey}
 * declarations; the section readers add the checks that need more. Every problem reads {@code key:
 * expected ..., found ...}, and a secret's value is never shown.
 */
public final class RawSettings {

    /** The prefix of every per-provider key: {@code provider.<name>.<key>}. */
    public static final String PROVIDER_PREFIX = "provider.";
    /** A provider's name: short, lower case, usable as a path segment. */
    private static final String PROVIDER_NAME = "[a-z0-9][a-z0-9-]{0,31}";

    private final Map<SettingKey, String> given = new EnumMap<>(SettingKey.class);
    /** Resolved values, blank ones as null; a key whose reference could not be resolved is absent. */
    private final Map<SettingKey, String> resolved = new EnumMap<>(SettingKey.class);
    /** Shared by the settings without prefix and every provider's, so that all are reported together. */
    private final List<String> problems;
    /** What a problem's key is prefixed with: empty, or {@code provider.<name>.}. */
    private final String prefix;
    /** The named providers' values, by name in name order, keys without their prefix; empty for a provider's own view. */
    private final Map<String, Map<String, String>> providerValues = new TreeMap<>();
    private final Function<String, String> environment;

    public RawSettings(Map<String, String> raw, Function<String, String> environment) {
        this(raw, environment, "", new ArrayList<>());
    }

    private RawSettings(Map<String, String> raw, Function<String, String> environment, String prefix, List<String> problems) {
        this.environment = environment;
        this.prefix = prefix;
        this.problems = problems;
        for (String name : raw.keySet()) {
            if (prefix.isEmpty() && name.startsWith(PROVIDER_PREFIX)) {
                collectProviderValue(name, raw.get(name));
            } else if (SettingKey.named(name) == null) {
                problem(name + ": expected a known key" + KeySuggestion.closestTo(name, prefix.isEmpty() ? SettingKey.names()
                                : SettingKey.perProviderNames())
                        .map(known -> " (did you mean " + prefix + known + "?)").orElse(" (see the configuration reference)")
                        + ", found an unknown key");
            } else if (!prefix.isEmpty() && !SettingKey.named(name).isPerProvider()) {
                problem(name + ": expected a key each provider has (issuer, client.*, scopes, ...), found a key of the whole"
                        + " filter; set it without the prefix");
            }
        }
        // In declaration order, so that problems come in the reference's order whatever the source's order.
        for (SettingKey key : SettingKey.values()) {
            String value = raw.get(key.key());
            if (value == null || (!prefix.isEmpty() && !key.isPerProvider())) {
                continue;
            }
            given.put(key, value);
            try {
                String resolvedValue = PropertyReferences.resolve(value, environment).trim();
                resolved.put(key, resolvedValue.isEmpty() ? null : resolvedValue);
            } catch (PropertyReferences.UnresolvedReference e) {
                problem(key.key() + ": " + e.getMessage());
            }
        }
    }

    private void collectProviderValue(String name, String value) {
        String rest = name.substring(PROVIDER_PREFIX.length());
        int dot = rest.indexOf('.');
        String provider = dot < 0 ? rest : rest.substring(0, dot);
        if (dot < 0 || !provider.matches(PROVIDER_NAME) || "default".equals(provider)) {
            problems.add(name + ": expected provider.<name>.<key> with a name of lower-case letters, digits and '-' (at most 32;"
                    + " 'default' is the provider of the keys without prefix), found '" + name + "'");
            return;
        }
        providerValues.computeIfAbsent(provider, any -> new LinkedHashMap<>()).put(rest.substring(dot + 1), value);
    }

    /** @return the names of the providers given as {@code provider.<name>.*}, in name order */
    public Set<String> providerNames() {
        return providerValues.keySet();
    }

    /** @return the values of the provider given as {@code provider.<name>.*}; problems are reported with that prefix */
    public RawSettings forProvider(String name) {
        return new RawSettings(providerValues.get(name), environment, PROVIDER_PREFIX + name + ".", problems);
    }

    /** @return whether any key each provider has is given here (for the view without prefix: the default provider's) */
    public boolean hasAnyPerProviderKey() {
        for (SettingKey key : given.keySet()) {
            if (key.isPerProvider()) {
                return true;
            }
        }
        return false;
    }

    /** @return the key as written for this view: with {@code provider.<name>.} for a provider's */
    public String name(SettingKey key) {
        return prefix + key.key();
    }

    /** @return whether the key was given at all, even blank or with a reference that did not resolve */
    public boolean has(SettingKey key) {
        return given.containsKey(key);
    }

    /** @param text a problem that starts with the key it concerns, which gets this view's prefix */
    public void problem(String text) {
        problems.add(prefix + text);
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
            problem(key.key() + ": expected " + expected + ", found nothing");
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
            problem(key.key() + ": expected a path within the app such as /oauth2/callback (no query, no trailing slash), found "
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
        problem(key.key() + ": expected a whole number from " + key.min() + " to " + key.max() + ", found " + shown(key, value));
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
        problem(key.key() + ": expected true or false, found " + shown(key, value));
        return defaultValue;
    }

    /**
     * @return the keys in effect, in the reference's order: each given key with its value (references
     *     resolved; a secret as {@code ******}), and each key not given that has a default, with the
     *     default. A key that is neither given nor defaulted is off, and left out to keep the line short.
     */
    public Map<String, String> shownValues(boolean includePerProvider) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            if (key.isPerProvider() ? !includePerProvider : !prefix.isEmpty()) {
                continue;
            }
            String value = resolved.get(key);
            if (value != null) {
                shown.put(prefix + key.key(), key.isSecret() ? "******" : KeyMaterial.looksLike(value) ? "(key material, not shown)" : value);
            } else if (key.defaultValue() != null) {
                shown.put(prefix + key.key(), key.defaultValue());
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
