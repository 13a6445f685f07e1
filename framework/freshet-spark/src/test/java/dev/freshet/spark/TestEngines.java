package dev.freshet.spark;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.util.List;

/**
 * Engines of integration tests: on the JVM's shared SparkSession and embedded broker, writing the local Redis under
 * the test's own key namespace, with checkpoints under a directory of the test. Tests add what they need (an offline
 * root, a meter registry, another store or broker) to the builder.
 */
public final class TestEngines {

    private TestEngines() {}

    /** A builder for an engine of {@code specs} with its checkpoints under {@code checkpointRoot}. */
    public static FreshetEngine.Builder builder(RedisNamespace redis, Path checkpointRoot, FeatureSetSpec... specs) {
        return FreshetEngine.builder()
                .spark(SharedSpark.session())
                .catalog(FeatureSetCatalog.of(List.of(specs)))
                .kafka(KafkaConnection.of(EmbeddedKafka.bootstrapServers()))
                .redis(RedisEndpoint.localhost(), new OnlineStoreLayout(redis.prefix()))
                .checkpointRoot(checkpointRoot.toString());
    }
}
