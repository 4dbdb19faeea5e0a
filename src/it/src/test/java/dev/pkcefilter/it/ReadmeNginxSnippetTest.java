package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.NginxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's nginx snippet is the location block the proxy tests run, so it cannot go stale. */
class ReadmeNginxSnippetTest {

    @Test
    void readmeWhenReadThenItsNginxSnippetIsTheBlockTheProxyTestsRun() throws IOException {
        String readme = Files.readString(Path.of("../../README.md"));
        String block = NginxConfig.location("/orders", "10.0.0.20:8080");
        assertTrue(readme.contains("```nginx\n" + block + "\n```"), "README.md should show exactly:\n" + block);
    }
}
