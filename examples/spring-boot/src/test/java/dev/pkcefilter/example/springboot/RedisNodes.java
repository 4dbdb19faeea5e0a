package dev.pkcefilter.example.springboot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The set-up of docs/several-nodes.md as the tests start it: each node the example with the profile "redis". */
final class RedisNodes {

    private RedisNodes() {
    }

    /**
     * @param example the example's application, with whatever the test adds (an initializer)
     * @param more further arguments, such as {@code --pkce-filter.backchannel-logout.path=...}
     * @return a node as its operators start it: the profile, Redis's port, and the filter's few settings
     */
    static ConfigurableApplicationContext start(SpringApplicationBuilder example, int port, int redisPort, String issuer,
            String clientId, String clientSecret, String externalUrl, String... more) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--spring.profiles.active=redis",
                "--spring.data.redis.port=" + redisPort,
                "--pkce-filter.issuer=" + issuer,
                "--pkce-filter.client.id=" + clientId,
                "--pkce-filter.client.secret=" + clientSecret,
                "--pkce-filter.external.base-url=" + externalUrl));
        arguments.addAll(Arrays.asList(more));
        return example.run(arguments.toArray(new String[0]));
    }
}
