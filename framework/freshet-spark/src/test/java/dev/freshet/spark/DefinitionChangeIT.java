package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static dev.freshet.testsupport.FeatureSets.field;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.job.JobKind;
import dev.freshet.spark.offline.OfflineRun;
import dev.freshet.testsupport.SharedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A feature set that changed while its jobs' checkpoints exist, with a real broker, Redis, Delta and SparkSession:
 * an incompatible change is refused at start with the changes and how to migrate, and neither the checkpoint, nor
 * Redis, nor the Delta table is touched (records waiting in the topic stay unread); a compatible change starts, is
 * logged once and recorded.
 */
class DefinitionChangeIT {

    private static final Instant BASE = Instant.parse("2026-07-01T09:00:00Z");
    private static final ColumnSpec USER = column("user_id", ValueType.STRING);
    private static final ColumnSpec ACCOUNT = column("account_id", ValueType.STRING);
    private static final ColumnSpec AMOUNT = column("amount", ValueType.DOUBLE);
    private static final ColumnSpec REMOTE = column("is_remote", ValueType.BOOLEAN);
    private static final ColumnSpec TIME = column("timestamp", ValueType.TIMESTAMP);

    @RegisterExtension
    final EngineScenario scenario = EngineScenario.onTopic("defs");

    private final SparkSession spark = SharedSpark.session();
    private FreshetEngine engine;

    @Test
    void anAggregatedSetWithAnAddedWindowIsRefusedAndNothingIsTouchedThenAnAddedColumnStarts() {
        String name = "defs-win-" + scenario.id();
        FeatureSetSpec before = windows(name, Duration.ofMinutes(10), Duration.ofHours(1));
        FeatureSetSpec weekly = windows(name, Duration.ofMinutes(10), Duration.ofHours(1), Duration.ofDays(7));
        // Selects is_remote too, aggregates the same.
        FeatureSetSpec widened = aFeatureSet().name(name).topic(scenario.topic()).aggregations(before.aggregations())
                .build();
        scenario.createTopic(1);
        produce(0, 20);
        online(before);
        produce(20, 10);   // what a batch would read, if one ran
        Path checkpoint = Path.of(engine.checkpoint(name, JobKind.ONLINE));
        Map<String, String> checkpointFiles = files(checkpoint);
        Map<String, Map<String, String>> stored = redisContents();
        assertThat(stored).isNotEmpty();

        engine(weekly);
        assertThatThrownBy(() -> online(weekly)).isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"" + name + "\": the online job cannot resume from checkpoint "
                        + checkpoint + ", which was written for another definition of the feature set: window added:"
                        + " 7d (sum_amount_7d, count_amount_7d). Resuming would mix data of both definitions in its"
                        + " state and stores. Either declare the changed feature set under a new name, such as \""
                        + name + "-v2\" (feature sets have no versions: a new name has checkpoints, Redis keys and a"
                        + " Delta table of its own, and the old feature set can keep running until its readers have"
                        + " moved), or reset the online job: stop it, delete the checkpoint directory " + checkpoint
                        + " and what the job wrote (Redis at 127.0.0.1:6379/0, keys " + scenario.redisKey(weekly, "*")
                        + "), and start it again; it then reads the source from its starting offsets (EARLIEST:"
                        + " everything the topics still hold)");

        assertThat(files(checkpoint)).isEqualTo(checkpointFiles);
        assertThat(redisContents()).isEqualTo(stored);
        assertThat(engine.onlineJob(name)).isEmpty();

        engine(widened);
        online(widened);
        assertThat(engine.onlineJob(name).orElseThrow().totals().records()).isEqualTo(10);
        assertThat(redisContents()).isNotEqualTo(stored);
        assertThat(CheckpointDefinition.parse(record(name, JobKind.ONLINE)).columns()).contains(REMOTE);
    }

    @Test
    void aRowLevelSetWithANewFeatureStartsWritesItAndLogsTheChangeOnce() {
        String name = "defs-rows-" + scenario.id();
        FeatureSetSpec before = aFeatureSet().name(name).topic(scenario.topic())
                .sql("SELECT user_id, amount, timestamp FROM transaction_stream", USER, AMOUNT, TIME).build();
        FeatureSetSpec after = aFeatureSet().name(name).topic(scenario.topic()).build();   // adds is_remote
        scenario.createTopic(1);
        send("u1", 10.0, true, 0);
        send("u2", 20.0, true, 1);
        online(before);
        assertThat(scenario.hash(before, "u1")).containsKey("amount").doesNotContainKey("is_remote");
        send("u1", 11.0, false, 2);

        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(CheckpointRecords.class);
        log.start();
        logger.addAppender(log);
        try {
            engine(after);
            online(after);
            online(after);
        } finally {
            logger.detachAppender(log);
        }

        assertThat(scenario.hash(after, "u1")).contains(entry("amount", "d:11.0"), entry("is_remote", "b:false"));
        assertThat(scenario.hash(after, "u2")).as("not written since the change").containsKey("amount")
                .doesNotContainKey("is_remote");
        assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("feature set " + name
                + ": the online job resumes from checkpoint " + engine.checkpoint(name, JobKind.ONLINE) + " with a"
                + " changed definition: feature added: is_remote BOOLEAN (keys not written since hold no value for"
                + " it until their next event); recorded the new one");
        assertThat(CheckpointDefinition.parse(record(name, JobKind.ONLINE)).columns())
                .containsExactly(USER, AMOUNT, REMOTE, TIME);
    }

    @Test
    void theOfflineJobRefusesAChangedKeyTakesAnAddedColumnAndRefusesARemovedOne() {
        String name = "defs-off-" + scenario.id();
        FeatureSetSpec before = accounts(name, "user_id", USER, ACCOUNT, AMOUNT, TIME);
        FeatureSetSpec rekeyed = accounts(name, "account_id", USER, ACCOUNT, AMOUNT, TIME);
        FeatureSetSpec widened = accounts(name, "user_id", USER, ACCOUNT, AMOUNT, REMOTE, TIME);
        FeatureSetSpec narrowed = accounts(name, "user_id", USER, ACCOUNT, TIME);
        scenario.createTopic(1);
        produce(0, 10);
        engine(before);
        assertThat(engine.runOffline(name).orElseThrow().written()).isEqualTo(10);
        produce(10, 5);
        Path checkpoint = Path.of(engine.checkpoint(name, JobKind.OFFLINE));
        Path table = Path.of(engine.offlineTable().path(name));
        Map<String, String> checkpointFiles = files(checkpoint);
        Map<String, String> tableFiles = files(table);

        engine(rekeyed);
        assertThatThrownBy(() -> engine.runOffline(name)).isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("feature set \"" + name + "\": the offline job cannot resume from checkpoint "
                        + checkpoint + ", which was written for another definition of the feature set: key: user_id"
                        + " STRING -> account_id STRING. ")
                .hasMessageContaining("reset the offline job: stop it, delete the checkpoint directory " + checkpoint
                        + " and what the job wrote (Delta table at " + table + "), and start it again");
        assertThat(files(checkpoint)).isEqualTo(checkpointFiles);
        assertThat(files(table)).isEqualTo(tableFiles);

        engine(widened);
        OfflineRun run = engine.runOffline(name).orElseThrow();
        assertThat(run.written()).isEqualTo(5);
        List<Row> rows = engine.offlineTable().read(spark, widened).orderBy("timestamp").collectAsList();
        assertThat(rows).hasSize(15);
        assertThat(rows.subList(0, 10)).allMatch(r -> r.isNullAt(r.fieldIndex("is_remote")));
        assertThat(rows.subList(10, 15)).noneMatch(r -> r.isNullAt(r.fieldIndex("is_remote")));
        assertThat(spark.read().format("delta").load(table.toString()).columns()).contains("is_remote");

        engine(narrowed);
        assertThatThrownBy(() -> engine.runOffline(name)).isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("feature set \"" + name + "\": the offline table " + table + " holds columns"
                        + " the feature set no longer writes as they were: column removed: amount DOUBLE; column"
                        + " removed: is_remote BOOLEAN. Freshet adds new columns to a table but never drops or retypes"
                        + " one.");
    }

    private FeatureSetSpec windows(String name, Duration... windows) {
        return aFeatureSet().name(name).topic(scenario.topic())
                .sql("SELECT user_id, amount, timestamp FROM transaction_stream", USER, AMOUNT, TIME)
                .aggregate(List.of(
                new AggregationSpec(AggregateFunction.SUM, "amount", ""),
                new AggregationSpec(AggregateFunction.COUNT, "amount", "")), Duration.ofMinutes(1), windows).build();
    }

    private FeatureSetSpec accounts(String name, String key, ColumnSpec... output) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < output.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(output[i].name());
        }
        return aFeatureSet().name(name).topic(scenario.topic()).key(key)
                .fields(field("user_id", ValueType.STRING), field("account_id", ValueType.STRING),
                        field("amount", ValueType.DOUBLE), field("is_remote", ValueType.BOOLEAN),
                        field("timestamp", ValueType.TIMESTAMP))
                .sql(sql.append(" FROM transaction_stream").toString(), output).build();
    }

    /** An engine knowing {@code spec} alone, in place of the last one, on this test's checkpoints and stores. */
    private void engine(FeatureSetSpec spec) {
        scenario.closeEngine();
        engine = scenario.engine(spec);
    }

    /** Runs {@code spec}'s online job until it has caught up, on the engine of {@code spec} (made if none yet). */
    private void online(FeatureSetSpec spec) {
        if (engine == null) {
            engine(spec);
        }
        scenario.online(spec);
    }

    /** {@code count} events of three users, one every 7 s of event time from {@code from} × 7 s after BASE. */
    private void produce(int from, int count) {
        for (int i = from; i < from + count; i++) {
            send("u" + (i % 3), i * 1.5, i % 2 == 0, i);
        }
    }

    private void send(String user, double amount, boolean remote, int step) {
        Instant time = BASE.plusSeconds(step * 7L);
        scenario.send(0, user, "{\"user_id\":\"" + user + "\",\"account_id\":\"a-" + user
                + "\",\"amount\":" + amount + ",\"is_remote\":" + remote + ",\"timestamp\":\"" + time + "\"}", time);
    }

    private Map<String, Map<String, String>> redisContents() {
        Map<String, Map<String, String>> contents = new TreeMap<>();
        scenario.redis().keys().forEach(k -> contents.put(k, scenario.redis().hash(k)));
        return contents;
    }

    private String record(String featureSet, JobKind kind) {
        try {
            return Files.readString(Path.of(engine.checkpoint(featureSet, kind), CheckpointRecords.DEFINITION),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code root}, by relative path, with a digest of its bytes. */
    private static Map<String, String> files(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        assertThat(files).as("files under " + root).isNotEmpty();
        return files;
    }
}
