package dev.pkcefilter;

import dev.pkcefilter.internal.origin.OriginResolver;
import dev.pkcefilter.internal.settings.Registration;
import dev.pkcefilter.internal.settings.Settings;

/** For tests of the engine's parts: the checked settings behind a builder, as the filter hands them to the engine. */
public final class TestSettings {

    private TestSettings() {
    }

    /**
     * @param builder the settings in code, as an app gives them
     * @return the values the engine runs on
     * @throws SettingsException as {@link FilterSettings.Builder#build()} does
     */
    public static Settings of(FilterSettings.Builder builder) {
        return builder.build().internal();
    }

    /** @return the one provider of settings that have one (the keys without prefix) */
    public static Registration only(Settings settings) {
        if (settings.registrations().size() != 1) {
            throw new IllegalArgumentException("expected settings with one provider, found " + settings.registrations());
        }
        return settings.registrations().get(0);
    }

    /** @return the origin resolver of the settings' proxy keys, as the engine builds it */
    public static OriginResolver origins(Settings settings) {
        return OriginResolver.from(settings.externalBaseUrl(), settings.trustedProxies(), settings.proxyHeaders(),
                settings.allowedHosts());
    }
}
