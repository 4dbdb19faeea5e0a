package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar's public types outside {@code dev.pkcefilter.internal} are exactly what an app touches: a type made public
 * there for convenience becomes API we must keep, so adding one has to change this list on purpose. The internal
 * packages hold the engine; their types are public so that the packages can show the design, and are hidden from
 * apps by the javadoc (which leaves them out) and by the jar's module descriptor (which does not export them).
 */
class PublicApiTest {

    @Test
    void jarWhenItsClassesAreReadThenThePublicOnesAreTheApi() throws Exception {
        Set<String> publicTypes = new TreeSet<>();
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(path -> path.toString().endsWith(".class"))::iterator) {
                String name = classes.relativize(file).toString().replace('/', '.').replace(".class", "");
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                boolean reachable = Modifier.isPublic(type.getModifiers())
                        && (type.getEnclosingClass() == null || Modifier.isPublic(type.getEnclosingClass().getModifiers()));
                if (reachable && !name.startsWith("dev.pkcefilter.internal.")) {
                    publicTypes.add(name);
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of(
                "dev.pkcefilter.jakarta.PkceFilter", "dev.pkcefilter.javax.PkceFilter",
                // run by containers from META-INF/services, never by apps: public because they instantiate them
                "dev.pkcefilter.jakarta.SessionCookieDefaults", "dev.pkcefilter.javax.SessionCookieDefaults",
                "dev.pkcefilter.jakarta.SettingsCheck", "dev.pkcefilter.javax.SettingsCheck",
                // their bodies: only the servlet Filter methods, final
                "dev.pkcefilter.JakartaFilter", "dev.pkcefilter.JavaxFilter",
                "dev.pkcefilter.FilterSettings", "dev.pkcefilter.FilterSettings$Builder", "dev.pkcefilter.SettingsException",
                "dev.pkcefilter.SignedInUser", "dev.pkcefilter.TokenAccess", "dev.pkcefilter.TokenUnavailableException",
                "dev.pkcefilter.ClusterStore")), publicTypes);
    }

    @Test
    void apiWhenItsSignaturesAreReadThenNoneNamesAnInternalType() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : List.of(FilterSettings.class, FilterSettings.Builder.class, SettingsException.class,
                SignedInUser.class, TokenAccess.class, TokenUnavailableException.class, ClusterStore.class,
                JakartaFilter.class, JavaxFilter.class, dev.pkcefilter.jakarta.PkceFilter.class, dev.pkcefilter.javax.PkceFilter.class)) {
            for (Method method : type.getDeclaredMethods()) {
                if (Modifier.isPublic(method.getModifiers()) || Modifier.isProtected(method.getModifiers())) {
                    List<Class<?>> named = new ArrayList<>(List.of(method.getParameterTypes()));
                    named.add(method.getReturnType());
                    named.addAll(List.of(method.getExceptionTypes()));
                    named.stream().filter(PublicApiTest::isInternal).forEach(t -> leaks.add(type.getSimpleName() + "." + method.getName() + ": " + t.getName()));
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (Modifier.isPublic(constructor.getModifiers()) || Modifier.isProtected(constructor.getModifiers())) {
                    List.of(constructor.getParameterTypes()).stream().filter(PublicApiTest::isInternal)
                            .forEach(t -> leaks.add(type.getSimpleName() + "(): " + t.getName()));
                }
            }
        }
        assertEquals(List.of(), leaks);
    }

    private static boolean isInternal(Class<?> type) {
        return type.getName().startsWith("dev.pkcefilter.internal.");
    }
}
