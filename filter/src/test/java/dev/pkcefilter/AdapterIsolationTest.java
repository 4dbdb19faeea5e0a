package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One jar serves both kinds of container: each adapter loads, links and instantiates with only its
 * own servlet API on the class path, and the other adapter would not.
 */
class AdapterIsolationTest {

    @ParameterizedTest
    @CsvSource({"dev.pkcefilter.jakarta.PkceFilter, jakarta.servlet.Filter, javax.servlet-api",
            "dev.pkcefilter.javax.PkceFilter, javax.servlet.Filter, jakarta.servlet-api"})
    void loadWhenOnlyItsServletApiIsPresentThenTheAdapterWorks(String adapter, String filterInterface, String missingApi)
            throws Exception {
        try (URLClassLoader loader = new URLClassLoader(classPathWithout(missingApi), ClassLoader.getPlatformClassLoader())) {
            Class<?> filter = Class.forName(adapter, true, loader);
            filter.getMethods(); // resolves every signature against the servlet API that is there
            Object instance = filter.getConstructor().newInstance();
            assertEquals(true, Class.forName(filterInterface, false, loader).isInstance(instance));
            String otherAdapter = adapter.contains("jakarta") ? "dev.pkcefilter.javax.PkceFilter" : "dev.pkcefilter.jakarta.PkceFilter";
            assertThrows(NoClassDefFoundError.class, () -> Class.forName(otherAdapter, true, loader).getMethods());
        }
    }

    private static URL[] classPathWithout(String artifact) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (!name.startsWith(artifact) && !name.startsWith("junit") && !name.startsWith("mockito")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return urls.toArray(new URL[0]);
    }
}
