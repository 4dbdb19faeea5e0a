package dev.pkcefilter.example.springboot;

import dev.pkcefilter.ClusterStore;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The filter's {@link ClusterStore} in the Redis that already holds the sessions, through Spring Data Redis:
 * one {@code SET NX PX}, {@code SET PX} or {@code MGET} per call. Every node of the app uses the same Redis, so
 * a back-channel logout received by one node reaches the sessions the others serve, a logout token is good once
 * on all of them, and a refresh token is used by one request only.
 */
final class RedisClusterStore implements ClusterStore {

    private final StringRedisTemplate redis;

    RedisClusterStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        return Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, value, ttl));
    }

    @Override
    public void put(String key, String value, Duration ttl) {
        redis.opsForValue().set(key, value, ttl);
    }

    @Override
    public List<String> get(List<String> keys) {
        return redis.opsForValue().multiGet(keys);
    }
}
