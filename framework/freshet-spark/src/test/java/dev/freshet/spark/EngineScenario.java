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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What an engine integration test runs on, made before and cleaned up after each test: a topic name of its own on the
 * JVM's embedded broker, a Redis key namespace of its own, a meter registry, a directory for checkpoints and the
 * offline store, and the engine the test builds (closed afterwards; a test that restarts its engine closes it with
 * {@link #closeEngine()} and builds the next). Register it as a field:
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
            closeEngine();
        } finally {
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

    /** A path under the test's directory, for files the test writes (the engine's are under offline/ and checkpoints/). */
    String directory(String name) {
        return dir.resolve(name).toString();
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

    /** Sends the bytes {@code value} under the bytes {@code key} (either may be null), as {@link #send} does. */
    long send(int partition, byte[] key, byte[] value, Instant time) {
        return EmbeddedKafka.send(topic, partition, key, value, time);
    }

    /** Creates the test's topic with {@code partitions} partitions and the topic configuration {@code configs}. */
    void createTopic(int partitions, Map<String, String> configs) {
        EmbeddedKafka.createTopic(topic, partitions, configs);
    }

    /**
     * Builds the engine of {@code specs}: online store in the namespace, offline store and checkpoints in the dir,
     * meters in {@link #meters()}.
     */
    FreshetEngine engine(FeatureSetSpec... specs) {
        return engine(UnaryOperator.identity(), specs);
    }

    /**
     * Builds the engine of {@code specs} as {@link #engine(FeatureSetSpec...)} does, with what {@code customise} adds
     * to or changes on the builder (another online store, topic creation).
     */
    FreshetEngine engine(UnaryOperator<FreshetEngine.Builder> customise, FeatureSetSpec... specs) {
        if (engine != null) {
            throw new IllegalStateException("this test already built its engine: close it first (closeEngine)");
        }
        engine = customise.apply(TestEngines.builder(redis, dir.resolve("checkpoints"), specs)
                .offlineRoot(dir.resolve("offline").toString()).meterRegistry(meters)).build();
        return engine;
    }

    /**
     * Closes the engine the test built, if any, so that the test may build another on the same checkpoints and stores,
     * as a restarted application would.
     */
    void closeEngine() {
        FreshetEngine closing = engine;
        engine = null;
        if (closing != null) {
            closing.close();
        }
    }

    /** Starts the online job of {@code spec} on what the topic holds now and waits until it has processed it. */
    Job online(FeatureSetSpec spec) {
        if (engine == null) {
            throw new IllegalStateException("this test has not built its engine yet (engine)");
        }
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

    /**
     * The dead letters on {@code spec}'s dead-letter topic, in the order of their source records (by partition, then
     * offset), each as often as it was written.
     */
    List<JsonNode> deadLettersBySource(FeatureSetSpec spec) {
        List<JsonNode> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : EmbeddedKafka.readAll("freshet.dlq." + spec.name())) {
            try {
                letters.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // Dead letters of the decoder and of the transform come from different Spark partitions: order by source.
        letters.sort(Comparator.comparingInt((JsonNode n) -> n.get("source").get("partition").asInt())
                .thenComparingLong(n -> n.get("source").get("offset").asLong()));
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

    /** The Redis hash of {@code spec}'s entity {@code key}: empty if it has none. */
    Map<String, String> hash(FeatureSetSpec spec, String key) {
        return redis.hash(redisKey(spec, key));
    }

    /** The Redis keys of {@code spec}'s entities {@code keys}. */
    String[] redisKeys(FeatureSetSpec spec, String... keys) {
        return Arrays.stream(keys).map(k -> redisKey(spec, k)).toArray(String[]::new);
    }

    /** A client reading the online store of {@code specs}; the caller closes it. */
    RedisOnlineFeatureClient client(FeatureSetSpec... specs) {
        return RedisOnlineFeatureClient.create(RedisEndpoint.localhost(), new OnlineStoreLayout(redis.prefix()),
                FeatureSetCatalog.of(List.of(specs)));
    }
}
