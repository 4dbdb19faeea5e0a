package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The jar's public types are exactly what an app touches: a type made public for convenience becomes API we must
 * keep, so adding one has to change this list on purpose.
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
                if (reachable) {
                    publicTypes.add(name);
                }
            }
        }
        assertEquals(new TreeSet<>(Set.of(
                "dev.pkcefilter.jakarta.PkceFilter", "dev.pkcefilter.javax.PkceFilter",
                // run by Servlet 6 containers from META-INF/services, never by apps: public because they instantiate it
                "dev.pkcefilter.jakarta.SessionCookieDefaults", "dev.pkcefilter.javax.SessionCookieDefaults",
                // their bodies: only the servlet Filter methods, final, beside the package-private engine
                "dev.pkcefilter.JakartaFilter", "dev.pkcefilter.JavaxFilter",
                "dev.pkcefilter.FilterSettings", "dev.pkcefilter.FilterSettings$Builder", "dev.pkcefilter.SettingsException",
                "dev.pkcefilter.SignedInUser", "dev.pkcefilter.TokenAccess", "dev.pkcefilter.TokenUnavailableException",
                "dev.pkcefilter.ClusterStore")), publicTypes);
    }
}
