package dev.pkcefilter;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The filter's layers, bottom first, and the two rules over them: no cycle between {@code internal} packages, and
 * every dependency points to a lower layer (or stays in its package). Packages on one line are peers: neither
 * uses the other. docs/architecture.md explains each layer; this list is what a build checks.
 */
final class Layering {

    /** Bottom first; "values" and "entry" are the public package's two halves (see {@link #layerOf}). */
    static final List<List<String>> LAYERS = Arrays.asList(
            Arrays.asList("web"),
            Arrays.asList("values"),
            Arrays.asList("origin", "credentials", "dpop", "jwt"),
            Arrays.asList("tls"),
            Arrays.asList("settings"),
            Arrays.asList("store", "client", "http"),
            Arrays.asList("provider"),
            Arrays.asList("endpoint"),
            Arrays.asList("session"),
            Arrays.asList("login", "logout"),
            Arrays.asList("engine"),
            Arrays.asList("servlet"),
            Arrays.asList("entry"));

    /** The public types that start the filter; every other public type is a value the layers below may use. */
    private static final Set<String> ENTRY_TYPES = new TreeSet<>(Arrays.asList("FilterSettings", "JakartaFilter", "JavaxFilter"));

    private Layering() {
    }

    /** @return the cycle rule: ArchUnit's message names each cycle and the dependencies that make it */
    static ArchRule noCycles() {
        return SlicesRuleDefinition.slices().matching("dev.pkcefilter.internal.(*)..").should().beFreeOfCycles();
    }

    /**
     * @return each dependency between the filter's classes that points sideways or up, as ArchUnit describes it
     *     (class, member, line) and with the two layers; empty when the layering holds
     */
    static List<String> upwardDependencies(JavaClasses classes) {
        List<String> found = new ArrayList<>();
        for (JavaClass origin : classes) {
            String from = layerOf(origin);
            if (from == null) {
                continue;
            }
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                JavaClass target = dependency.getTargetClass().getBaseComponentType();
                String to = layerOf(target);
                if (to == null || to.equals(from)) {
                    continue;
                }
                if (level(to) >= level(from)) {
                    found.add(from + " (layer " + level(from) + ") -> " + to + " (layer " + level(to) + "): "
                            + dependency.getDescription());
                }
            }
        }
        return found;
    }

    /** @return the layer of a class of the filter, or null for anything else (the JDK, Nimbus) */
    static String layerOf(JavaClass type) {
        String name = type.getPackageName();
        if (name.startsWith("dev.pkcefilter.internal.")) {
            String rest = name.substring("dev.pkcefilter.internal.".length());
            int dot = rest.indexOf('.');
            return dot < 0 ? rest : rest.substring(0, dot);
        }
        if (name.equals("dev.pkcefilter.jakarta") || name.equals("dev.pkcefilter.javax")) {
            return "entry";
        }
        if (name.equals("dev.pkcefilter")) {
            String outer = type.getName().substring("dev.pkcefilter.".length());
            int nested = outer.indexOf('$');
            return ENTRY_TYPES.contains(nested < 0 ? outer : outer.substring(0, nested)) ? "entry" : "values";
        }
        return null;
    }

    /** @throws AssertionError for a package missing from {@link #LAYERS}: a new package must be placed first */
    static int level(String layer) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(layer)) {
                return i;
            }
        }
        throw new AssertionError("the package internal." + layer + " is in no layer: add it to Layering.LAYERS"
                + " and to docs/architecture.md");
    }
}
