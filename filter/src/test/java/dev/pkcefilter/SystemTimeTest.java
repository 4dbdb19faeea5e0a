package dev.pkcefilter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every time decision reads the one injected clock ({@code FilterSettings.Builder.clock}): no source of
 * the filter reads the system time itself. The settings default to the system clock, the one allowed use.
 */
class SystemTimeTest {

    private static final Path MAIN = Paths.get("src/main/java/dev/pkcefilter");
    private static final Pattern SYSTEM_TIME = Pattern.compile(
            "System\\.currentTimeMillis|System\\.nanoTime|Instant\\.now|new Date\\(\\)|LocalDateTime\\.now|Clock\\.system");

    @Test
    void sourcesWhenScannedThenOnlyTheSettingsDefaultReadsTheSystemClock() throws IOException {
        List<String> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (SYSTEM_TIME.matcher(lines.get(i)).find()) {
                        uses.add(MAIN.relativize(file) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertEquals(List.of("FilterSettings.java: private Clock clock = Clock.systemUTC();"), uses);
    }

    @Test
    void patternWhenASourceReadsTheSystemTimeThenMatches() {
        assertTrue(SYSTEM_TIME.matcher("long now = System.currentTimeMillis();").find());
        assertTrue(SYSTEM_TIME.matcher("Date now = new Date();").find());
    }
}
