package dev.freshet.boot;

import dev.freshet.core.error.FreshetErrors;
import dev.freshet.redis.RedisEndpoint;
import java.time.Duration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

/** Turns Spring Boot's Redis connection details into the endpoint Freshet's writers and client use. */
final class RedisEndpoints {

    private RedisEndpoints() {}

    /** The endpoint {@code details} describe; 127.0.0.1:6379 without details. */
    static RedisEndpoint from(DataRedisConnectionDetails details) {
        if (details == null) {
            return RedisEndpoint.localhost();
        }
        if (details.getSentinel() != null || details.getCluster() != null || details.getMasterReplica() != null) {
            throw FreshetErrors.invalidSetting(null, "spring.data.redis.sentinel/cluster", "set",
                    "is not supported by Freshet yet: point spring.data.redis.host/port at a standalone Redis,"
                            + " or define a RedisEndpoint bean");
        }
        DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
        return new RedisEndpoint(standalone.getHost(), standalone.getPort(), standalone.getDatabase(),
                details.getUsername(), details.getPassword(), details.getSslBundle() != null, Duration.ofSeconds(10));
    }
}
