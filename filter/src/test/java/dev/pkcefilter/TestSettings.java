package dev.pkcefilter;

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
}
