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

/** The engine stays servlet-free, so that each servlet namespace needs only a thin adapter. */
class ServletApiBoundaryTest {

    private static final Path MAIN = Paths.get("src/main/java/dev/pkcefilter");

    @Test
    void sourcesWhenOutsideAnAdapterThenImportNoServletApi() throws IOException {
        List<Path> offenders;
        try (Stream<Path> files = Files.walk(MAIN)) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !MAIN.relativize(p).startsWith("jakarta") && !MAIN.relativize(p).startsWith("javax"))
                    .filter(ServletApiBoundaryTest::importsServletApi)
                    .collect(Collectors.toList());
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void adapterWhenPresentThenIsTheOnlyServletUser() throws IOException {
        try (Stream<Path> files = Files.list(MAIN.resolve("jakarta"))) {
            assertTrue(files.anyMatch(ServletApiBoundaryTest::importsServletApi), "the check above would see an import");
        }
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
