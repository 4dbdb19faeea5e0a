package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine stays servlet-free, so that each servlet namespace needs only a thin adapter: the public filter in
 * {@code jakarta/}, its body {@code JakartaFilter}, and the {@code Jakarta*} classes in {@code internal/servlet} (the
 * javax ones are generated from these).
 */
class ServletApiBoundaryTest {

    private static final Path MAIN = Paths.get("src/main/java/dev/pkcefilter");

    @Test
    void sourcesWhenOutsideAnAdapterThenImportNoServletApi() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(MAIN)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !isAdapter(p))
                    .filter(ServletApiBoundaryTest::importsServletApi)
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void adapterWhenPresentThenIsTheOnlyServletUser() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            assertTrue(files.filter(ServletApiBoundaryTest::isAdapter).filter(p -> p.toString().endsWith(".java"))
                    .anyMatch(ServletApiBoundaryTest::importsServletApi), "the check above would see an import");
        }
    }

    private static boolean isAdapter(Path file) {
        Path relative = MAIN.relativize(file);
        return relative.startsWith("jakarta") || relative.startsWith("javax") || relative.startsWith(Paths.get("internal", "servlet"))
                || relative.getNameCount() == 1 && relative.toString().startsWith("Jakarta");
    }

    private static boolean importsServletApi(Path file) {
        try {
            String source = Files.readString(file);
            return source.contains("import jakarta.servlet") || source.contains("import javax.servlet");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
