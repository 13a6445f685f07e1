package dev.freshet.spark;

import static dev.freshet.api.AggregateFunction.AVG;
import static dev.freshet.api.AggregateFunction.BOOLEAN_AND;
import static dev.freshet.api.AggregateFunction.BOOLEAN_OR;
import static dev.freshet.api.AggregateFunction.SUM;
import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.spark.CheckpointDefinition.Aggregations;
import dev.freshet.spark.CheckpointDefinition.Legacy;
import dev.freshet.spark.CheckpointDefinition.State;
import dev.freshet.spark.backfill.BackfillPlan;
import dev.freshet.core.job.JobKind;
import dev.freshet.testsupport.FeatureSets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The comparison of a recorded definition with the current one: every kind of change, for the online job of a
 * row-level set, the online job of an aggregated set (which keeps tiles) and the offline job (whose table holds the
 * transformed events).
 */
class DefinitionChangesTest {

    private static final ColumnSpec USER = column("user_id", ValueType.STRING);
    private static final ColumnSpec ACCOUNT = column("account_id", ValueType.STRING);
    private static final ColumnSpec AMOUNT = column("amount", ValueType.DOUBLE);
    private static final ColumnSpec REMOTE = column("is_remote", ValueType.BOOLEAN);
    private static final ColumnSpec TIME = column("timestamp", ValueType.TIMESTAMP);
    private static final List<AggregationSpec> AVG_AND_SUM = List.of(new AggregationSpec(AVG, "amount", ""),
            new AggregationSpec(SUM, "amount", ""));
    private static final Duration LATENESS = Duration.ofMinutes(5);

    // --- nothing changed

    @Test
    void theSameDefinitionIsNoChange() {
        for (JobKind job : JobKind.values()) {
            assertThat(changes(rows(), rows(), job).none()).as(job.label()).isTrue();
            assertThat(changes(windows(), windows(), job).none()).as(job.label()).isTrue();
        }
    }

    // --- key, event time, topics: refused for every job

    @Test
    void aChangedKeyIsRefusedByEveryJob() {
        FeatureSets.Builder accounts = rowsOf(USER, ACCOUNT, AMOUNT, TIME);
        for (JobKind job : JobKind.values()) {
            assertThat(changes(accounts, rowsOf(USER, ACCOUNT, AMOUNT, TIME).key("account_id"), job).refused())
                    .as(job.label()).containsExactly("key: user_id STRING -> account_id STRING");
        }
    }

    @Test
    void aChangedKeyTypeIsRefused() {
        FeatureSets.Builder numbered = rowsOf(column("user_id", ValueType.LONG), AMOUNT, REMOTE, TIME);

        assertThat(changes(rows(), numbered, JobKind.ONLINE).refused())
                .containsExactly("key: user_id STRING -> user_id LONG");
    }

    @Test
    void anAddedKeyColumnIsRefused() {
        assertThat(changes(rowsOf(USER, ACCOUNT, AMOUNT, TIME), rowsOf(USER, ACCOUNT, AMOUNT, TIME)
                .key("user_id", "account_id"), JobKind.OFFLINE).refused())
                .containsExactly("key: user_id STRING -> user_id STRING, account_id STRING");
    }

    @Test
    void aChangedEventTimeColumnIsRefused() {
        ColumnSpec eventTime = column("event_time", ValueType.TIMESTAMP);

        assertThat(changes(rowsOf(USER, AMOUNT, TIME, eventTime), rowsOf(USER, AMOUNT, TIME, eventTime)
                .timestamp("event_time"), JobKind.ONLINE).refused())
                .containsExactly("event time: timestamp -> event_time");
    }

    @Test
    void changedTopicsAreRefused() {
        assertThat(changes(rows(), rows().topic("payments"), JobKind.OFFLINE).refused())
                .containsExactly("topics: transactions -> payments (the checkpoint holds offsets per topic partition)");
    }

    @Test
    void aCheckpointOfAnotherFeatureSetOrJobIsRefused() {
        CheckpointDefinition online = definition(rows(), JobKind.ONLINE);
        CheckpointDefinition renamed = definition(rows().name("user-transactions-v2"), JobKind.ONLINE);

        assertThat(DefinitionChanges.between(online, renamed).refused()).containsExactly(
                "feature set: user-transactions -> user-transactions-v2 (the checkpoint belongs to another feature"
                        + " set)");
        assertThat(DefinitionChanges.between(online, definition(rows(), JobKind.OFFLINE)).refused())
                .containsExactly("job: online -> offline (the checkpoint belongs to another job)");
    }

    // --- columns of a row-level set's online job: its features, held in Redis hashes

    @Test
    void aNewFeatureIsAllowedOnline() {
        DefinitionChanges changes = changes(rows(), rowsOf(USER, AMOUNT, REMOTE, column("is_large",
                ValueType.BOOLEAN), TIME), JobKind.ONLINE);

        assertThat(changes.refused()).isEmpty();
        assertThat(changes.allowed()).containsExactly("feature added: is_large BOOLEAN (keys not written since hold no"
                + " value for it until their next event)");
    }

    @Test
    void aRemovedFeatureIsRefusedOnline() {
        assertThat(changes(rows(), rowsOf(USER, AMOUNT, TIME), JobKind.ONLINE).refused())
                .containsExactly("column removed: is_remote BOOLEAN (the Redis hashes hold it)");
    }

    @Test
    void aRetypedFeatureIsRefusedOnline() {
        assertThat(changes(rows(), rowsOf(USER, column("amount", ValueType.LONG), REMOTE, TIME), JobKind.ONLINE)
                .refused()).containsExactly("column amount: DOUBLE -> LONG (the Redis hashes hold it)");
    }

    @Test
    void reorderedColumnsAreAllowed() {
        DefinitionChanges changes = changes(rows(), rowsOf(USER, REMOTE, AMOUNT, TIME), JobKind.ONLINE);

        assertThat(changes.refused()).isEmpty();
        assertThat(changes.allowed()).containsExactly("columns reordered: user_id, amount, is_remote, timestamp ->"
                + " user_id, is_remote, amount, timestamp (the stores read columns by name)");
    }

    @Test
    void anotherSqlWithTheSameOutputIsAllowedAndSaysWhatItMeans() {
        FeatureSets.Builder doubled = rows().sql("SELECT user_id, amount * 2 AS amount, is_remote, timestamp FROM"
                + " transaction_stream", USER, AMOUNT, REMOTE, TIME);

        DefinitionChanges changes = changes(rows(), doubled, JobKind.ONLINE);

        assertThat(changes.refused()).isEmpty();
        assertThat(changes.allowed()).containsExactly("SQL changed, same output columns (values stored before were"
                + " computed by the old SQL)");
    }

    // --- columns of the offline job: all of them, held in the Delta table

    @Test
    void aNewColumnIsAllowedOffline() {
        DefinitionChanges changes = changes(windows(), windowsOf(USER, AMOUNT, REMOTE, ACCOUNT, TIME),
                JobKind.OFFLINE);

        assertThat(changes.refused()).isEmpty();
        assertThat(changes.allowed()).containsExactly("column added: account_id STRING (the Delta table gains it at"
                + " the next append; rows written before hold null)");
    }

    @Test
    void aRemovedOrRetypedColumnIsRefusedOffline() {
        DefinitionChanges changes = changes(windows(), windowsOf(USER, column("amount", ValueType.FLOAT), TIME),
                JobKind.OFFLINE);

        assertThat(changes.refused()).containsExactly("column amount: DOUBLE -> FLOAT (the Delta table holds it)",
                "column removed: is_remote BOOLEAN (the Delta table holds it)");
    }

    // --- columns of an aggregated set's online job: only the aggregated ones are held, in tiles

    @Test
    void columnsThatAreNotAggregatedMayChangeOnline() {
        DefinitionChanges changes = changes(windows(), windowsOf(USER, AMOUNT, ACCOUNT, TIME), JobKind.ONLINE);

        assertThat(changes.refused()).isEmpty();
        assertThat(changes.allowed()).containsExactly(
                "column removed: is_remote BOOLEAN (the online job stores only the key and the aggregates)",
                "column added: account_id STRING (the online job stores only the key and the aggregates)");
    }

    @Test
    void aRetypedAggregatedColumnIsRefusedOnlineOnce() {
        DefinitionChanges changes = changes(windows(), windowsOf(USER, column("amount", ValueType.FLOAT), REMOTE,
                TIME), JobKind.ONLINE);

        assertThat(changes.refused()).containsExactly("column amount: DOUBLE -> FLOAT (the tiles aggregate it)");
    }

    // --- the tile model: refused online, allowed offline

    @Test
    void anAddedWindowIsRefusedOnlineAndNamesItsFeatures() {
        FeatureSets.Builder weekly = windows().aggregate(AVG_AND_SUM, LATENESS, Duration.ofHours(1),
                Duration.ofDays(1), Duration.ofDays(7));

        assertThat(changes(windows(), weekly, JobKind.ONLINE).refused())
                .containsExactly("window added: 7d (avg_amount_7d, sum_amount_7d)");
    }

    @Test
    void aRemovedWindowIsRefusedOnline() {
        FeatureSets.Builder hourly = windows().aggregate(AVG_AND_SUM, LATENESS, Duration.ofHours(1));

        assertThat(changes(windows(), hourly, JobKind.ONLINE).refused())
                .containsExactly("window removed: 1d (avg_amount_1d, sum_amount_1d)");
    }

    @Test
    void reorderedWindowsAreRefusedOnline() {
        FeatureSets.Builder reordered = windows().aggregate(AVG_AND_SUM, LATENESS, Duration.ofDays(1),
                Duration.ofHours(1));

        assertThat(changes(windows(), reordered, JobKind.ONLINE).refused())
                .containsExactly("windows reordered: 1h, 1d -> 1d, 1h");
    }

    @Test
    void addedAndRemovedAggregationsAreRefusedOnline() {
        FeatureSets.Builder changed = windows().aggregate(List.of(new AggregationSpec(SUM, "amount", ""),
                new AggregationSpec(BOOLEAN_OR, "is_remote", "had_remote")), LATENESS, Duration.ofHours(1),
                Duration.ofDays(1));

        assertThat(changes(windows(), changed, JobKind.ONLINE).refused()).containsExactly(
                "aggregation removed: AVG(amount) (avg_amount_1h, avg_amount_1d)",
                "aggregation added: BOOLEAN_OR(is_remote) as had_remote (had_remote_1h, had_remote_1d)");
    }

    @Test
    void anAliasGivenToAnotherAggregationIsRefusedOnline() {
        FeatureSets.Builder or = windows().aggregate(List.of(new AggregationSpec(BOOLEAN_OR, "is_remote", "remote")),
                LATENESS, Duration.ofHours(1));
        FeatureSets.Builder and = windows().aggregate(List.of(new AggregationSpec(BOOLEAN_AND, "is_remote",
                "remote")), LATENESS, Duration.ofHours(1));

        assertThat(changes(or, and, JobKind.ONLINE).refused())
                .containsExactly("aggregation remote: BOOLEAN_OR(is_remote) as remote -> BOOLEAN_AND(is_remote) as"
                        + " remote");
    }

    @Test
    void reorderedAggregationsAreRefusedOnline() {
        FeatureSets.Builder reordered = windows().aggregate(List.of(new AggregationSpec(SUM, "amount", ""),
                new AggregationSpec(AVG, "amount", "")), LATENESS, Duration.ofHours(1), Duration.ofDays(1));

        assertThat(changes(windows(), reordered, JobKind.ONLINE).refused())
                .containsExactly("aggregations reordered: avg_amount, sum_amount -> sum_amount, avg_amount (tiles"
                        + " lay out their partial aggregates in this order)");
    }

    @Test
    void aChangedTileSizeOrEventTimePolicyIsRefusedOnline() {
        FeatureSets.Builder changed = windows().aggregations(new WindowedAggregations(AVG_AND_SUM,
                List.of(Duration.ofHours(1), Duration.ofDays(1)), Duration.ofMinutes(1), Duration.ZERO,
                Duration.ofMinutes(1)));

        assertThat(changes(windows(), changed, JobKind.ONLINE).refused()).containsExactly("tile size: 1s -> 1m",
                "allowed lateness: 5m -> 0s", "max event-time skew: 5m -> 1m");
    }

    @Test
    void anAddedRemovedOrChangedBackfillIsRefusedByTheKafkaJobs() {
        FeatureSets.Builder backfilled = windows().backfill(backfill("2026-01-01T00:00:00Z"));
        String id = BackfillPlan.id(backfilled.build()).orElseThrow();
        String other = BackfillPlan.id(windows().backfill(backfill("2025-12-01T00:00:00Z")).build()).orElseThrow();
        String why = " (the events before a backfill's end come from its batch sources and tiles, which the job's"
                + " state and stores would not match)";

        for (JobKind job : List.of(JobKind.ONLINE, JobKind.OFFLINE)) {
            assertThat(changes(windows(), backfilled, job).refused()).as(job.label())
                    .containsExactly("backfill: none -> " + id + why);
            assertThat(changes(backfilled, windows(), job).refused()).containsExactly("backfill: " + id + " -> none"
                    + why);
            assertThat(changes(windows().backfill(backfill("2025-12-01T00:00:00Z")), backfilled, job).refused())
                    .containsExactly("backfill: " + other + " -> " + id + why);
        }
        assertThat(id).matches("backfill-[0-9a-f]{16}");
    }

    private static BackfillSpec backfill(String start) {
        BatchSourceSpec history = new BatchSourceSpec("history", BatchFormat.PARQUET, "/data/history", false,
                "timestamp", List.of(), java.util.Map.of(), "test.History");
        Instant end = Instant.parse("2026-02-01T00:00:00Z");
        return new BackfillSpec(Instant.parse(start), end, List.of(new BackfillSpec.Source(history,
                Instant.parse(start), end)), "SELECT * FROM history");
    }

    @Test
    void aChangedTileFormatAloneIsRefusedOnline() {
        CheckpointDefinition current = definition(windows(), JobKind.ONLINE);
        Aggregations declared = current.aggregations().orElseThrow();
        CheckpointDefinition recorded = new CheckpointDefinition(current.featureSet(), current.job(),
                current.topics(), current.key(), current.timestamp(), current.columns(), current.sql(),
                Optional.of(new Aggregations(declared.declared(), "0ld")), current.state());

        assertThat(DefinitionChanges.between(recorded, current).refused()).containsExactly("tile format: 0ld -> "
                + declared.tileFormat() + " (this version of Freshet lays tiles out differently)");
    }

    @Test
    void theTileModelMayChangeOfflineWhoseTableHoldsEvents() {
        FeatureSets.Builder changed = windows().aggregate(List.of(new AggregationSpec(SUM, "amount", "")),
                Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(7));

        DefinitionChanges changes = changes(windows(), changed, JobKind.OFFLINE);

        String why = " (the offline table holds the events; retrieval aggregates them with the definition it runs)";
        assertThat(changes.refused()).isEmpty();
        assertThat(changes.allowed()).containsExactly(
                "aggregation removed: AVG(amount) (avg_amount_1h, avg_amount_1d)" + why,
                "window removed: 1d (avg_amount_1d, sum_amount_1d)" + why,
                "window added: 7d (sum_amount_7d)" + why,
                "allowed lateness: 5m -> 1m" + why);
    }

    @Test
    void aRowLevelSetThatBecomesAggregatedIsRefusedOnlineAndAllowedOffline() {
        assertThat(changes(rows(), windows(), JobKind.ONLINE).refused()).containsExactly(
                "aggregations added: AVG(amount), SUM(amount) over 1h, 1d, the feature set was row-level");
        assertThat(changes(windows(), rows(), JobKind.ONLINE).refused()).containsExactly(
                "aggregations removed: AVG(amount), SUM(amount) over 1h, 1d, the feature set is now row-level");
        assertThat(changes(rows(), windows(), JobKind.OFFLINE).refused()).isEmpty();
    }

    // --- the state of a stateful stage

    @Test
    void changedShufflePartitionsAreRefused() {
        CheckpointDefinition recorded = CheckpointDefinition.of(windows().build(), JobKind.ONLINE,
                Optional.of(new State("tiles", 2)));
        CheckpointDefinition current = CheckpointDefinition.of(windows().build(), JobKind.ONLINE,
                Optional.of(new State("tiles", 4)));

        assertThat(DefinitionChanges.between(recorded, current).refused()).containsExactly("shuffle partitions: 2 ->"
                + " 4 (the state is hash-partitioned by spark.sql.shuffle.partitions as it was when the checkpoint"
                + " was created)");
    }

    @Test
    void everyRefusedChangeIsListed() {
        FeatureSets.Builder changed = windowsOf(USER, ACCOUNT, AMOUNT, TIME).key("account_id").topic("payments")
                .aggregate(AVG_AND_SUM, LATENESS, Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));

        assertThat(changes(windowsOf(USER, ACCOUNT, AMOUNT, TIME), changed, JobKind.ONLINE).refused())
                .containsExactly("key: user_id STRING -> account_id STRING",
                        "topics: transactions -> payments (the checkpoint holds offsets per topic partition)",
                        "window added: 7d (avg_amount_7d, sum_amount_7d)");
    }

    // --- the one-line record of an older Freshet

    @Test
    void aMatchingLegacyRecordIsNoChange() {
        CheckpointDefinition current = definition(windows(), JobKind.ONLINE);

        assertThat(DefinitionChanges.between(legacy(current, List.of("user_id"), 2), current).none()).isTrue();
    }

    @Test
    void aLegacyRecordIsComparedInWhatItNames() {
        CheckpointDefinition current = definition(windows(), JobKind.ONLINE);
        Legacy recorded = new Legacy("0ld", List.of("account_id"), 4);

        assertThat(DefinitionChanges.between(recorded, current).refused()).containsExactly(
                "key: account_id -> user_id",
                "tile format: 0ld -> " + current.aggregations().orElseThrow().tileFormat() + " (the aggregations, the"
                        + " windows, the tile size or the type of an aggregated column changed)",
                "shuffle partitions: 4 -> 2 (the state is hash-partitioned by spark.sql.shuffle.partitions as it was"
                        + " when the checkpoint was created)");
    }

    @Test
    void aLegacyRecordOfASetThatIsNowRowLevelIsRefused() {
        Legacy recorded = legacy(definition(windows(), JobKind.ONLINE), List.of("user_id"), 2);

        assertThat(DefinitionChanges.between(recorded, definition(rows(), JobKind.ONLINE)).refused())
                .containsExactly("aggregations removed: the feature set is now row-level");
    }

    private static Legacy legacy(CheckpointDefinition of, List<String> key, int partitions) {
        return new Legacy(of.aggregations().orElseThrow().tileFormat(), key, partitions);
    }

    private static DefinitionChanges changes(FeatureSets.Builder recorded, FeatureSets.Builder current, JobKind job) {
        return DefinitionChanges.between(definition(recorded, job), definition(current, job));
    }

    /** The definition of {@code spec}'s {@code job}, with a tile stage of two partitions where it has one. */
    private static CheckpointDefinition definition(FeatureSets.Builder spec, JobKind job) {
        FeatureSetSpec built = spec.build();
        Optional<State> state = built.aggregated() && job == JobKind.ONLINE ? Optional.of(new State("tiles", 2))
                : Optional.empty();
        return CheckpointDefinition.of(built, job, state);
    }

    private static FeatureSets.Builder rows() {
        return rowsOf(USER, AMOUNT, REMOTE, TIME);
    }

    private static FeatureSets.Builder rowsOf(ColumnSpec... columns) {
        return aFeatureSet().sql(sql(columns), columns);
    }

    private static FeatureSets.Builder windows() {
        return windowsOf(USER, AMOUNT, REMOTE, TIME);
    }

    private static FeatureSets.Builder windowsOf(ColumnSpec... columns) {
        return rowsOf(columns).aggregate(AVG_AND_SUM, LATENESS, Duration.ofHours(1), Duration.ofDays(1));
    }

    private static String sql(ColumnSpec... columns) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < columns.length; i++) {
            sql.append(i == 0 ? "" : ", ").append(columns[i].name());
        }
        return sql.append(" FROM transaction_stream").toString();
    }
}
