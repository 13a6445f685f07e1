package dev.freshet.boot;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.BatchFormat;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import dev.freshet.testsupport.EmbeddedKafka;
import dev.freshet.testsupport.RedisNamespace;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter with an aggregated feature set that declares a backfill from Parquet files whose location is a
 * {@code ${…}} placeholder (the real broker, Redis and Spark): the online job's start runs the backfill first, from
 * the resolved location, and then the job runs with the backfilled tiles in Redis; a restart does not run it again.
 * With {@code freshet.backfill.run-before-online=false} the job does not start, and health says why.
 */
class BackfillStartupIT {

    private static final Instant START = Instant.parse("2026-02-01T00:00:00Z");
    private static final Instant END = START.plus(Duration.ofHours(2));

    @TempDir
    Path dir;

    private final RedisNamespace redis = RedisNamespace.create();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void tearDown() {
        redis.close();
    }

    @Test
    void theOnlineJobsStartRunsTheBackfillFirstFromTheResolvedLocationAndARestartDoesNotRunItAgain() {
        FeatureSetSpec spec = spec();
        writeHistory();
        runner(spec).run(context -> {
            FreshetEngine engine = context.getBean(FreshetEngine.class);
            assertThat(engine.backfillPending(spec.name())).isFalse();
            SupervisedJob job = engine.supervisedOnline(spec.name()).orElseThrow();
            assertThat(job.status().state()).isEqualTo(JobStatus.State.RUNNING);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> job.current().passedATrigger());
            assertThat(redis.hash(redis.prefix() + ":" + spec.name() + ":u1")).as("u1's backfilled tiles")
                    .isNotEmpty();
            assertThat(redis.hash(redis.prefix() + ":" + spec.name() + ":u2")).isNotEmpty();
        });
        runner(spec).run(context -> {
            FreshetEngine engine = context.getBean(FreshetEngine.class);
            assertThat(engine.runBackfill(spec.name()).alreadyComplete()).isTrue();
            assertThat(engine.supervisedOnline(spec.name()).orElseThrow().status().state())
                    .isEqualTo(JobStatus.State.RUNNING);
        });
    }

    @Test
    void withoutRunningBackfillsBeforeOnlineJobsTheJobFailsNamingTheBackfill() {
        FeatureSetSpec spec = spec();
        writeHistory();
        runner(spec).withPropertyValues("freshet.backfill.run-before-online=false").run(context -> {
            FreshetEngine engine = context.getBean(FreshetEngine.class);
            assertThat(engine.backfillPending(spec.name())).isTrue();
            SupervisedJob job = engine.supervisedOnline(spec.name()).orElseThrow();
            assertThat(job.status().state()).isEqualTo(JobStatus.State.FAILED);
            assertThat(job.status().lastFailure().orElseThrow().message())
                    .contains("cannot start before the feature set's backfill");
        });
    }

    private FeatureSetSpec spec() {
        String name = "backfilled-" + suffix;
        EmbeddedKafka.createTopic(name, 1);
        BatchSourceSpec history = new BatchSourceSpec("history", BatchFormat.PARQUET, "${test.history-dir}/cards",
                false, "timestamp", List.of(), Map.of(), "test.History");
        return aFeatureSet().name(name).topic(name).trigger(Duration.ofMillis(300))
                .aggregate(List.of(new AggregationSpec(AggregateFunction.COUNT, "amount", ""),
                        new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(2),
                        Duration.ofHours(1), Duration.ofDays(1))
                .backfill(new BackfillSpec(START, END, List.of(new BackfillSpec.Source(history, START, END)),
                        "SELECT * FROM history"))
                .build();
    }

    private void writeHistory() {
        StructType schema = new StructType().add("user_id", DataTypes.StringType).add("amount", DataTypes.DoubleType)
                .add("is_remote", DataTypes.BooleanType).add("timestamp", DataTypes.TimestampType);
        SharedSpark.session().createDataFrame(List.of(
                        RowFactory.create("u1", 10.0, false, Timestamp.from(START.plusSeconds(60))),
                        RowFactory.create("u1", 20.0, true, Timestamp.from(START.plusSeconds(4000))),
                        RowFactory.create("u2", 5.0, false, Timestamp.from(END.minusSeconds(1)))), schema)
                .write().parquet(dir.resolve("history/cards").toString());
    }

    private ApplicationContextRunner runner(FeatureSetSpec spec) {
        // The starter uses the JVM's session (a bean of it would be closed with the context, stopping it for all).
        SharedSpark.session();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, DataRedisAutoConfiguration.class,
                        FreshetAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class))
                .withBean(FeatureSetCatalog.class, () -> FeatureSetCatalog.of(List.of(spec)))
                .withPropertyValues("spring.kafka.bootstrap-servers=" + EmbeddedKafka.bootstrapServers(),
                        "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=6379",
                        "freshet.redis.key-prefix=" + redis.prefix(),
                        "freshet.checkpoint-root=" + dir.resolve("checkpoints"),
                        "freshet.offline.enabled=false",
                        "freshet.offline.root=" + dir.resolve("offline"),
                        "test.history-dir=" + dir.resolve("history"));
    }
}
