package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.RedisEndpoint;
import dev.freshet.redis.RedisOnlineStore;
import dev.freshet.spark.job.JobFailure;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.RestartPolicy;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.spark.online.OnlineJobSettings;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.FailingOnlineStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Supervised online jobs with the real broker, Redis and Spark: a job that fails for a reason that passes is restarted
 * from its checkpoint by itself, and ends with the state a brute-force oracle computes, every record counted exactly
 * once; a job whose records were lost in Kafka fails loudly and is not restarted.
 */
class SupervisionIT {

    private static final RestartPolicy QUICK = new RestartPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), 0.5,
            Duration.ofMinutes(2), Duration.ofMinutes(1));

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("sup");

    @Test
    void restartsAFailedJobFromItsCheckpointAndCountsEveryRecordOnce() {
        FeatureSetSpec spec = aFeatureSet().name("sup-" + scenario.id()).topic(scenario.topic())
                .trigger(Duration.ofMillis(300)).build();
        scenario.createTopic(2);
        Map<String, Long> newest = new HashMap<>();
        Map<String, String> amounts = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            String user = "u" + random.nextInt(8);
            long millis = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + random.nextInt(60_000);
            String amount = i + ".5";
            send(i % 2, user, amount, millis);
            if (millis > newest.getOrDefault(user, Long.MIN_VALUE)) {
                newest.put(user, millis);
                amounts.put(user, amount);
            }
        }
        FailingOnlineStore failing = FailingOnlineStore.failOnceAfter(3,
                new RedisOnlineStore(RedisEndpoint.localhost(), new OnlineStoreLayout(scenario.redis().prefix())));
        SimpleMeterRegistry meters = scenario.meters();
        FreshetEngine engine = scenario.engine(b -> b.onlineStore(failing), spec);

        SupervisedJob job = engine.superviseOnline(spec.name(), OnlineJobSettings.declared(spec), QUICK);

        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> job.status().restarts() == 1
                && job.status().running() && job.current().lifetimeTotals().records() == 60);
        assertThat(failing.fired()).isTrue();
        JobFailure failure = job.status().lastFailure().orElseThrow();
        assertThat(failure.restartCanFix()).isTrue();
        assertThat(failure.message()).contains("injected fault");
        amounts.forEach((user, amount) -> assertThat(scenario.hash(spec, user))
                .as(user).containsEntry("amount", "d:" + amount).containsEntry("__ts", newest.get(user).toString()));
        assertThat(job.current().lifetimeTotals().written() + job.current().lifetimeTotals().stale()).isEqualTo(60);
        // The batch that failed part-way was never accounted: it counts once, when it was written again.
        assertThat(meters.counter("freshet.records.read", "feature.set", spec.name(), "job", "online").count())
                .isEqualTo(60.0);
        assertThat(meters.get("freshet.job.failures").tags("feature.set", spec.name(), "outcome", "restarting")
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.counter("freshet.job.restarts", "feature.set", spec.name(), "job", "online").count())
                .isEqualTo(1.0);
        assertThat(meters.get("freshet.job.up").tag("feature.set", spec.name()).gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("freshet.checkpoint.records.written").tag("feature.set", spec.name()).functionCounter()
                .count()).isEqualTo(job.current().lifetimeTotals().written());
        long newestWritten = newest.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(job.current().newestEventTime()).contains(Instant.ofEpochMilli(newestWritten));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> engine.recordsBehind(spec.name()).isPresent()
                && engine.recordsBehind(spec.name()).getAsLong() == 0);

        // A new engine on the same checkpoint (a restart of the process) resumes the totals, and does not recount.
        scenario.closeEngine();
        FreshetEngine restarted = scenario.engine(spec);
        send(0, "u0", "1000.5", Instant.parse("2026-01-02T00:00:00Z").toEpochMilli());
        SupervisedJob again = restarted.superviseOnline(spec.name(), OnlineJobSettings.declared(spec), QUICK);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> again.current().lifetimeTotals().records() == 61);
        assertThat(again.current().totals().records()).isEqualTo(1);
        assertThat(again.status().restarts()).isZero();
    }

    @Test
    void aJobWhoseRecordsWereLostInKafkaFailsLoudlyAndIsNotRestarted() throws Exception {
        FeatureSetSpec spec = aFeatureSet().name("lost-" + scenario.id()).topic(scenario.topic())
                .trigger(Duration.ofMillis(300)).build();
        scenario.createTopic(1);
        for (int i = 0; i < 5; i++) {
            send(0, "u" + i, "1.5", Instant.parse("2026-01-01T00:00:00Z").toEpochMilli() + i);
        }
        SimpleMeterRegistry meters = scenario.meters();
        FreshetEngine engine = scenario.engine(spec);
        SupervisedJob job = engine.superviseOnline(spec.name(), OnlineJobSettings.declared(spec), QUICK);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> job.current().lifetimeTotals().records() == 5);

        // The topic is deleted and created again with fewer records: offsets 1 to 4 no longer exist.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", EmbeddedKafka.bootstrapServers()))) {
            admin.deleteTopics(Set.of(scenario.topic())).all().get();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                try {
                    admin.createTopics(List.of(new NewTopic(scenario.topic(), 1, (short) 1))).all().get();
                    return true;
                } catch (java.util.concurrent.ExecutionException e) {
                    return false;
                }
            });
        }
        send(0, "u9", "2.5", Instant.parse("2026-01-01T00:01:00Z").toEpochMilli());

        Awaitility.await().atMost(Duration.ofSeconds(90))
                .until(() -> job.status().state() == JobStatus.State.FAILED);
        JobFailure failure = job.status().lastFailure().orElseThrow();
        assertThat(failure.restartCanFix()).isFalse();
        assertThat(failure.message()).containsIgnoringCase("data may have been lost");
        assertThat(meters.get("freshet.job.failures").tags("feature.set", spec.name(), "outcome", "given-up")
                .counter().count()).isEqualTo(1.0);
        assertThat(meters.get("freshet.job.up").tag("feature.set", spec.name()).gauge().value()).isZero();
        assertThat(scenario.redis().keys()).doesNotContain(scenario.redisKey(spec, "u9"));
    }

    private void send(int partition, String user, String amount, long millis) {
        String time = Instant.ofEpochMilli(millis).toString();
        scenario.send(partition, user, "{\"user_id\":\"" + user + "\",\"amount\":" + amount
                + ",\"is_remote\":false,\"timestamp\":\"" + time + "\"}", Instant.ofEpochMilli(millis));
    }
}
