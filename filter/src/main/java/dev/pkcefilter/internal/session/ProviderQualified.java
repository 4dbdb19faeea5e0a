package dev.pkcefilter.internal.session;

import dev.pkcefilter.internal.settings.Registration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The user's name and roles as the app sees them, kept apart per provider: a subject or a role
 * name is unique only at the provider that issued it, so a partner provider's user whose {@code sub}
 * is a company user's, or whose token says {@code admin}, must not become that user or that role.
 * The default provider's users keep the plain subject and roles, so a single-provider app is
 * unchanged; a named provider's ({@code provider.<name>.*}) get {@code @<name>} appended to both.
 */
public final class ProviderQualified {

    private ProviderQualified() {
    }

    /** @return the subject, or {@code subject@name} for a named provider's user */
    public static String name(Registration registration, String subject) {
        return isDefault(registration) ? subject : subject + "@" + registration.name();
    }

    /** @return the roles, or each as {@code role@name} for a named provider's user */
    public static Set<String> roles(Registration registration, Set<String> roles) {
        if (isDefault(registration) || roles.isEmpty()) {
            return roles;
        }
        Set<String> qualified = new LinkedHashSet<>();
        for (String role : roles) {
            qualified.add(role + "@" + registration.name());
        }
        return qualified;
    }

    private static boolean isDefault(Registration registration) {
        return Registration.DEFAULT_NAME.equals(registration.name());
    }
}
