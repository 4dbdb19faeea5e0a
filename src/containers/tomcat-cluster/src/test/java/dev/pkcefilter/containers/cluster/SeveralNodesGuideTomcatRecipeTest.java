package dev.pkcefilter.containers.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The several-nodes guide's Tomcat recipe (docs/several-nodes.md) is what {@link TomcatClusterIT} runs: the same
 * context descriptor and YAML.
 */
class SeveralNodesGuideTomcatRecipeTest {

    private static String guide() throws IOException {
        return Files.readString(Path.of(System.getProperty("repository.root", "../../.."), "docs", "several-nodes.md"));
    }

    @Test
    void guideWhenItShowsTheContextDescriptorThenItIsTheTestedOne() throws IOException {
        String tested = TomcatNode.contextDescriptor(Path.of("/etc/pkce-filter/redisson.yaml"),
                Path.of("/opt/pkce-filter/pkce-filter-redisson-store.jar"));
        assertTrue(guide().contains("```\n" + tested + "```"), "docs/several-nodes.md's descriptor differs from:\n" + tested);
    }

    @Test
    void guideWhenItShowsTheRedissonYamlThenItIsTheTestedOne() throws IOException {
        String tested = TomcatNode.redissonYaml("redis://redis.internal:6379");
        assertTrue(guide().contains("```\n" + tested + "```"), "docs/several-nodes.md's YAML differs from:\n" + tested);
    }
}
