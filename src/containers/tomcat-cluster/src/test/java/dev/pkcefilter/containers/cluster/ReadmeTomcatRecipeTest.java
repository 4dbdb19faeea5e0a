package dev.pkcefilter.containers.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Tomcat recipe is what {@link TomcatClusterIT} runs: the same context descriptor and YAML. */
class ReadmeTomcatRecipeTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of(System.getProperty("repository.root", "../../..")).resolve("README.md"));
    }

    @Test
    void readmeWhenItShowsTheContextDescriptorThenItIsTheTestedOne() throws IOException {
        String tested = TomcatNode.contextDescriptor(Path.of("/etc/pkce-filter/redisson.yaml"),
                Path.of("/opt/pkce-filter/pkce-filter-redisson-store.jar"));
        assertTrue(readme().contains("```\n" + tested + "```"), "the README's descriptor differs from:\n" + tested);
    }

    @Test
    void readmeWhenItShowsTheRedissonYamlThenItIsTheTestedOne() throws IOException {
        String tested = TomcatNode.redissonYaml("redis://redis.internal:6379");
        assertTrue(readme().contains("```\n" + tested + "```"), "the README's YAML differs from:\n" + tested);
    }
}
