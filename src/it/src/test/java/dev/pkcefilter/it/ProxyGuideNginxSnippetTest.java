package dev.pkcefilter.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pkcefilter.testbed.NginxConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The nginx snippet of docs/proxies.md is the location block the proxy tests run, so it cannot go stale. */
class ProxyGuideNginxSnippetTest {

    @Test
    void guideWhenReadThenItsNginxSnippetIsTheBlockTheProxyTestsRun() throws IOException {
        String guide = Files.readString(Path.of("../../docs/proxies.md"));
        String block = NginxConfig.location("/orders", "10.0.0.20:8080");
        assertTrue(guide.contains("```nginx\n" + block + "\n```"), "docs/proxies.md should show exactly:\n" + block);
    }
}
