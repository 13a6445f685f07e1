package dev.freshet.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.job.Job;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.online.OnlineJobSettings.RunMode;
import dev.freshet.testsupport.Directories;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an engine integration test runs on, made before and cleaned up after each test: a topic name of its own on the
 * JVM's embedded broker, a Redis key namespace of its own, a meter registry, a directory for checkpoints and the
 * offline store, and the engine the test builds (closed afterwards). Register it as a field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final EngineScenario scenario = EngineScenario.onTopic("records");
 * }</pre>
 */
final class EngineScenario implements BeforeEachCallback, AfterEachCallback {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topicPrefix;
    private String topic;
    private RedisNamespace redis;
    private SimpleMeterRegistry meters;
    private Path dir;
    private FreshetEngine engine;

    private EngineScenario(String topicPrefix) {
        this.topicPrefix = topicPrefix;
    }

    /** A scenario whose topic is named {@code prefix-<uuid>}. */
    static EngineScenario onTopic(String prefix) {
        return new EngineScenario(prefix);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        topic = topicPrefix + "-" + UUID.randomUUID();
        redis = RedisNamespace.create();
        meters = new SimpleMeterRegistry();
        dir = Directories.createTemporary("freshet-" + topicPrefix);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (engine != null) {
                engine.close();
            }
        } finally {
            engine = null;
            redis.close();
            Directories.deleteRecursively(dir);
        }
    }

    /** The test's topic (created by {@link #createTopic}). */
    String topic() {
        return topic;
    }

    /** Eight characters unique to the test, for feature-set names. */
    String id() {
        return topic.substring(topicPrefix.length() + 1, topicPrefix.length() + 9);
    }

    /** The test's Redis namespace. */
    RedisNamespace redis() {
        return redis;
    }

    /** The meters the engine records in. */
    SimpleMeterRegistry meters() {
        return meters;
    }

    /** Creates the test's topic with {@code partitions} partitions. */
    void createTopic(int partitions) {
        EmbeddedKafka.createTopic(topic, partitions);
    }

    /** Sends {@code json} under {@code key} to a partition of the test's topic, with Kafka time {@code time}. */
    long send(int partition, String key, String json, Instant time) {
        return EmbeddedKafka.send(topic, partition, key, json, time);
    }

    /** Builds the engine of {@code spec}: online store in the namespace, offline store and checkpoints in the dir. */
    FreshetEngine engine(FeatureSetSpec spec) {
        if (engine != null) {
            throw new IllegalStateException("this test already built its engine");
        }
        engine = TestEngines.builder(redis, dir.resolve("checkpoints"), spec)
                .offlineRoot(dir.resolve("offline").toString()).meterRegistry(meters).build();
        return engine;
    }

    /** Starts the online job of {@code spec} on what the topic holds now and waits until it has processed it. */
    Job online(FeatureSetSpec spec) {
        Job job = engine.startOnline(spec.name(), OnlineJobSettings.declared(spec).withRunMode(RunMode.AVAILABLE_NOW));
        job.awaitTermination();
        return job;
    }

    /** The dead letters on {@code spec}'s dead-letter topic, by their Kafka key. */
    Map<String, JsonNode> deadLetters(FeatureSetSpec spec) {
        Map<String, JsonNode> letters = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : EmbeddedKafka.readAll("freshet.dlq." + spec.name())) {
            try {
                letters.put(new String(r.key(), StandardCharsets.UTF_8), JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return letters;
    }

    /** How many records of {@code spec} the engine counted as dead-lettered for {@code reason}. */
    double deadLettered(FeatureSetSpec spec, String reason) {
        Counter counter = meters.find("freshet.records.dead.lettered").tag("feature.set", spec.name())
                .tag("reason", reason.toLowerCase(Locale.ROOT)).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The Redis key of {@code spec}'s entity {@code key}. */
    String redisKey(FeatureSetSpec spec, String key) {
        return redis.prefix() + ":" + spec.name() + ":" + key;
    }

    /** The Redis keys of {@code spec}'s entities {@code keys}. */
    String[] redisKeys(FeatureSetSpec spec, String... keys) {
        return Arrays.stream(keys).map(k -> redisKey(spec, k)).toArray(String[]::new);
    }

    /** A client reading the online store of {@code spec}; the caller closes it. */
    RedisOnlineFeatureClient client(FeatureSetSpec spec) {
        return RedisOnlineFeatureClient.create(RedisEndpoint.localhost(), new OnlineStoreLayout(redis.prefix()),
                FeatureSetCatalog.of(List.of(spec)));
    }
}
