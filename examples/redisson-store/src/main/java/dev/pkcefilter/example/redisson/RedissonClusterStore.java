package dev.pkcefilter.example.redisson;

import dev.pkcefilter.ClusterStore;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * The filter's {@link ClusterStore} in Redis, through Redisson: for nodes that share their sessions through
 * Redisson's Tomcat session manager, the same Redis with the same configuration file. Named in the filter's
 * settings as {@code cluster.store=dev.pkcefilter.example.redisson.RedissonClusterStore}; it reads the Redisson
 * YAML file named by the system property {@value #CONFIG_PROPERTY} (or the environment variable
 * {@value #CONFIG_ENV}). One {@code SET NX PX}, {@code SET PX} or {@code MGET} per call, values as plain
 * strings. The filter closes it, with its connections, when the web app stops.
 */
public final class RedissonClusterStore implements ClusterStore, AutoCloseable {

    /** The system property naming the Redisson YAML configuration. */
    public static final String CONFIG_PROPERTY = "pkcefilter.redisson.config";
    /** The environment variable naming it when the system property does not. */
    public static final String CONFIG_ENV = "PKCEFILTER_REDISSON_CONFIG";

    private final RedissonClient redisson;

    /**
     * Connects with the configuration named by {@value #CONFIG_PROPERTY} or {@value #CONFIG_ENV}.
     *
     * @throws IllegalStateException when neither names a readable Redisson YAML file (the filter reports
     *     it at startup, naming {@code cluster.store})
     */
    public RedissonClusterStore() {
        String location = System.getProperty(CONFIG_PROPERTY, System.getenv(CONFIG_ENV));
        if (location == null) {
            throw new IllegalStateException("expected the system property " + CONFIG_PROPERTY + " or the variable "
                    + CONFIG_ENV + " to name a Redisson YAML file");
        }
        try {
            this.redisson = Redisson.create(Config.fromYAML(new File(location)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Redisson configuration " + location, e);
        }
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        return redisson.<String>getBucket(key, StringCodec.INSTANCE).setIfAbsent(value, ttl);
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        redisson.<String>getBucket(key, StringCodec.INSTANCE).set(value, ttl);
    }

    @Override
    public List<String> get(List<String> keys) {
        Map<String, String> found = redisson.getBuckets(StringCodec.INSTANCE).get(keys.toArray(new String[0]));
        List<String> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(found.get(key));
        }
        return values;
    }

    @Override
    public void close() {
        redisson.shutdown();
    }
}
