package dev.freshet.samples.transactions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureVector;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.deadletter.DeadLetter;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineFeatureClient;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.deadletter.DeadLetterTopics;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.spark.source.KafkaConnection;
import dev.freshet.test.FeatureSetTestDriver;
import dev.freshet.testsupport.Directories;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The test kit against production: the sample's feature sets (an aggregated SQL set, a row-level set with a Java SQL
 * function, an aggregated set with a record transform) fed the same events once through the real path — embedded
 * Kafka, the engine's online jobs on Spark, real Redis under a prefix of its own — and once through the
 * {@link FeatureSetTestDriver}; the feature vectors are equal at several read times, and so are the dead letters.
 */
class DriverEquivalenceIT {

    private static final Instant T0 = Instant.parse("2026-12-02T09:00:00Z");
    private static final List<String> USERS = List.of("u1", "u2", "u3");

    /** A sent record: topic, partition, Kafka time, key, value. */
    private record Event(String topic, int partition, Instant kafkaTime, String key, String value) {}

    private static List<Event> events() {
        List<Event> events = new ArrayList<>();
        String[] categories = {"travel", "grocery", "electronics", null};
        for (int i = 0; i < 24; i++) {
            String user = USERS.get(i % 3);
            Instant time = T0.plusMillis(700L * i);
            int partition = i % 2;
            events.add(new Event("logins", partition, time.plusMillis(50), user, "{\"user_id\":\"" + user
                    + "\",\"ip_address\":\"10.0.0." + i + "\",\"success\":" + (i % 4 == 0) + ",\"timestamp\":\""
                    + time + "\"}"));
            String category = categories[i % 4];
            double amount = i % 7 == 3 ? 0.0 : 12.5 * (i + 1);
            events.add(new Event("transactions", partition, time.plusMillis(80), user, "{\"user_id\":\"" + user
                    + "\",\"amount\":" + amount + ",\"is_remote\":" + (i % 3 == 1) + ",\"merchant_category\":"
                    + (category == null ? "null" : "\"" + category + "\"") + ",\"timestamp\":\"" + time + "\"}"));
        }
        Instant last = T0.plusMillis(700L * 23);
        // Late for login-attempts (allowed lateness 5s), out of order for the others.
        events.add(new Event("logins", 0, last.plusSeconds(1), "u1", "{\"user_id\":\"u1\",\"ip_address\":\"10.0.0.99\","
                + "\"success\":false,\"timestamp\":\"" + last.minusSeconds(30) + "\"}"));
        events.add(new Event("transactions", 0, last.plusSeconds(1), "u1", "{\"user_id\":\"u1\",\"amount\":5.0,"
                + "\"is_remote\":false,\"merchant_category\":\"grocery\",\"timestamp\":\"" + T0.minusSeconds(60)
                + "\"}"));
        // Rejected by the decoder of every set of the topic.
        events.add(new Event("transactions", 1, last.plusSeconds(1), "u2", "{\"user_id\":\"u2\",\"amount\":\"x\"}"));
        events.add(new Event("logins", 1, last.plusSeconds(1), "u2", "not json"));
        return events;
    }

    private static List<Instant> readTimes() {
        Instant last = T0.plusMillis(700L * 23);
        return List.of(last.plusSeconds(1), last.plusSeconds(4), last.plusSeconds(9), last.plusSeconds(16),
                last.plusSeconds(600), last.plusSeconds(7200), last.plusSeconds(86_400 + 60));
    }

    @Test
    void theDriverReadsWhatTheKafkaSparkRedisPathWrites() {
        List<FeatureSetSpec> specs = FeatureSetTestDriver.specsOf(LoginAttemptFeatures.class,
                UserLastTransactionFeatures.class, UserRiskFeatures.class);
        FeatureSetCatalog catalog = FeatureSetCatalog.of(specs);
        List<Event> events = events();

        Map<String, Object> production;
        Map<String, Object> driven;
        Path checkpoints = Directories.createTemporary("freshet-driver-equivalence");
        try (RedisNamespace redis = RedisNamespace.create()) {
            EmbeddedKafka.createTopic("logins", 2);
            EmbeddedKafka.createTopic("transactions", 2);
            EmbeddedKafka.createTopic("user-risk-updates", 1);
            for (Event e : events) {
                EmbeddedKafka.send(e.topic(), e.partition(), e.key(), e.value(), e.kafkaTime());
            }
            try (FreshetEngine engine = FreshetEngine.builder()
                    .spark(SharedSpark.session())
                    .catalog(catalog)
                    .kafka(KafkaConnection.of(EmbeddedKafka.bootstrapServers()))
                    .redis(RedisEndpoint.localhost(), new OnlineStoreLayout(redis.prefix()))
                    .checkpointRoot(checkpoints.toString())
                    .createDeadLetterTopics(true)
                    .build();
                    RedisOnlineFeatureClient client = RedisOnlineFeatureClient.create(RedisEndpoint.localhost(),
                            new OnlineStoreLayout(redis.prefix()), catalog)) {
                for (FeatureSetSpec spec : specs) {
                    engine.startOnline(spec.name(), OnlineJobSettings.declared(spec)
                            .withRunMode(OnlineJobSettings.RunMode.AVAILABLE_NOW)).awaitTermination();
                }
                production = results(specs, (spec, key, at) -> spec.aggregated()
                        ? client.getAsOf(spec.name(), EntityKey.of(key), at)
                        : client.get(spec.name(), EntityKey.of(key)));
                production.put("dead letters", deadLettersFromKafka(specs));
            }
        } finally {
            Directories.deleteRecursively(checkpoints);
        }

        try (FeatureSetTestDriver driver = FeatureSetTestDriver.forFeatureSets(LoginAttemptFeatures.class,
                UserLastTransactionFeatures.class, UserRiskFeatures.class)) {
            for (Event e : events) {
                driver.send(e.topic(), e.partition(), e.kafkaTime(), e.key(), e.value());
            }
            driven = results(specs, (spec, key, at) -> driver.readAt(at).features(spec.name(), key));
            Map<String, List<String>> letters = new TreeMap<>();
            for (FeatureSetSpec spec : specs) {
                letters.put(spec.name(), driver.deadLetters(spec.name()).stream().map(DriverEquivalenceIT::describe)
                        .sorted().toList());
            }
            driven.put("dead letters", letters);
        }

        assertThat(driven).isEqualTo(production);
        @SuppressWarnings("unchecked")
        Map<String, List<String>> letters = (Map<String, List<String>>) driven.get("dead letters");
        assertThat(letters.get("login-attempts")).anyMatch(l -> l.startsWith(DeadLetterReason.LATE.name()))
                .anyMatch(l -> l.startsWith(DeadLetterReason.MALFORMED_RECORD.name()));
        assertThat(letters.get("user-last-transaction"))
                .anyMatch(l -> l.startsWith(DeadLetterReason.TYPE_MISMATCH.name()));
        Instant first = readTimes().get(0);
        for (FeatureSetSpec spec : specs) {
            for (String user : USERS) {
                assertThat(driven.get(spec.name() + " " + user + " @" + first)).as(spec.name() + " " + user)
                        .isNotNull();
            }
        }
        assertThat(driven.keySet()).as("vectors of every set at every read time").hasSize(1 + specs.size()
                * USERS.size() * readTimes().size());
    }

    /** A read of one key of one set at one instant. */
    private interface Read {
        Optional<FeatureVector> at(FeatureSetSpec spec, String key, Instant time);
    }

    private static Map<String, Object> results(List<FeatureSetSpec> specs, Read read) {
        Map<String, Object> results = new LinkedHashMap<>();
        for (FeatureSetSpec spec : specs) {
            for (String user : USERS) {
                for (Instant at : readTimes()) {
                    results.put(spec.name() + " " + user + " @" + at, read.at(spec, user, at).orElse(null));
                }
            }
        }
        return results;
    }

    private static Map<String, List<String>> deadLettersFromKafka(List<FeatureSetSpec> specs) {
        Map<String, List<String>> letters = new TreeMap<>();
        for (FeatureSetSpec spec : specs) {
            String topic = DeadLetterTopics.topic(DeadLetterTopics.DEFAULT_PATTERN, spec.name());
            letters.put(spec.name(), EmbeddedKafka.readAll(topic).stream()
                    .map(r -> describe(DeadLetter.fromJson(r.value()).deadLetter())).sorted().toList());
        }
        return letters;
    }

    private static String describe(DeadLetter letter) {
        return letter.reason() + " " + letter.topic() + "-" + letter.partition() + "@" + letter.offset() + " "
                + letter.detail();
    }
}
