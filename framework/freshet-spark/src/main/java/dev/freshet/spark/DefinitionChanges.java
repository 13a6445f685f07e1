package dev.freshet.spark;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.definition.DefinitionDiff;
import dev.freshet.spark.CheckpointDefinition.Aggregations;
import dev.freshet.spark.CheckpointDefinition.Legacy;
import dev.freshet.spark.CheckpointDefinition.State;
import dev.freshet.core.job.JobKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed between the definition a job's checkpoint was written for and the one it is about to run, each
 * change classified by what the checkpoint and the job's stores hold:
 *
 * <ul>
 *   <li><b>refused</b>: the job would mix data of two definitions or misread its state: the key or a key type, the
 *       event-time column, the topics, a stored column removed or retyped, the backfill (added, removed or changed),
 *       and — for the online job of an aggregated
 *       feature set, whose state and Redis hashes hold tiles — the aggregations, windows, tile size, event-time
 *       policy, tile format and shuffle partitions;
 *   <li><b>allowed</b>: the stores take it as it is: a new column (a new feature of a row-level set; the offline
 *       table gains it), a column the job does not store, reordered columns, the SQL with the same output, and —
 *       for the offline job, whose table holds the transformed events, not aggregates — the aggregations.
 * </ul>
 *
 * The key, the event time, the topics and the tile model are compared and worded by {@link DefinitionDiff}, which the
 * build-time catalog check shares. Pure: it compares two values and never reads a checkpoint. See {@code docs/feature-sets.md#changing-a-feature-set}.
 */
final class DefinitionChanges {

    /** Whether a job may resume from its checkpoint with a change. */
    enum Verdict {
        /** The job refuses to start. */
        REFUSED,
        /** The job starts, logs the change and records the new definition. */
        ALLOWED
    }

    /**
     * One difference.
     *
     * @param verdict whether the job may resume with it
     * @param text    what changed, such as {@code key: user_id STRING -> account_id STRING}, and what it means
     */
    record Change(Verdict verdict, String text) {
        Change {
            requireNonNull(verdict, "verdict");
            requireNonNull(text, "text");
        }
    }

    private final List<Change> changes;

    private DefinitionChanges(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    /** The refused changes' texts. */
    List<String> refused() {
        return texts(Verdict.REFUSED);
    }

    /** The allowed changes' texts. */
    List<String> allowed() {
        return texts(Verdict.ALLOWED);
    }

    /** Whether nothing changed. */
    boolean none() {
        return changes.isEmpty();
    }

    private List<String> texts(Verdict verdict) {
        return changes.stream().filter(c -> c.verdict() == verdict).map(Change::text).toList();
    }

    /** The changes from {@code recorded} to {@code current}. */
    static DefinitionChanges between(CheckpointDefinition recorded, CheckpointDefinition current) {
        Comparison c = new Comparison(recorded, current);
        c.identity();
        c.key();
        c.source();
        c.columns();
        c.aggregations();
        c.state();
        c.sql();
        c.backfill();
        return new DefinitionChanges(c.changes);
    }

    /**
     * The changes from a one-line record of an older Freshet to {@code current}: only what the line names, the key
     * columns, the tile format and the shuffle partitions, can be compared.
     */
    static DefinitionChanges between(Legacy recorded, CheckpointDefinition current) {
        List<Change> changes = new ArrayList<>();
        if (current.job() != JobKind.ONLINE) {
            changes.add(refused("job: online -> " + current.job().label()));
        }
        List<String> key = current.key().stream().map(ColumnSpec::name).toList();
        if (!recorded.key().equals(key)) {
            changes.add(refused("key: " + String.join(", ", recorded.key()) + " -> " + String.join(", ", key)));
        }
        if (current.aggregations().isEmpty()) {
            changes.add(refused("aggregations removed: the feature set is now row-level"));
        } else if (!recorded.tileFormat().equals(current.aggregations().get().tileFormat())) {
            changes.add(refused("tile format: " + recorded.tileFormat() + " -> "
                    + current.aggregations().get().tileFormat() + " (the aggregations, the windows, the tile size or"
                    + " the type of an aggregated column changed)"));
        }
        int partitions = current.state().map(State::shufflePartitions).orElse(recorded.shufflePartitions());
        if (partitions != recorded.shufflePartitions()) {
            changes.add(shufflePartitions(recorded.shufflePartitions(), partitions));
        }
        return new DefinitionChanges(changes);
    }

    private static Change refused(String text) {
        return new Change(Verdict.REFUSED, text);
    }

    private static Change allowed(String text) {
        return new Change(Verdict.ALLOWED, text);
    }

    private static Change shufflePartitions(int recorded, int current) {
        return refused("shuffle partitions: " + recorded + " -> " + current + " (the state is hash-partitioned by"
                + " spark.sql.shuffle.partitions as it was when the checkpoint was created)");
    }

    /** One comparison: the two definitions and the changes found so far. */
    private static final class Comparison {
        private static final String NOT_STORED = "the online job stores only the key and the aggregates";
        private static final String OFFLINE_REPLAYS = "the offline table holds the events; retrieval aggregates them"
                + " with the definition it runs";

        private final CheckpointDefinition recorded;
        private final CheckpointDefinition current;
        private final JobKind job;
        private final List<Change> changes = new ArrayList<>();
        private boolean columnsChanged;

        Comparison(CheckpointDefinition recorded, CheckpointDefinition current) {
            this.recorded = recorded;
            this.current = current;
            this.job = current.job();
        }

        void identity() {
            if (!recorded.featureSet().equals(current.featureSet())) {
                changes.add(refused("feature set: " + recorded.featureSet() + " -> " + current.featureSet()
                        + " (the checkpoint belongs to another feature set)"));
            }
            if (recorded.job() != current.job()) {
                changes.add(refused("job: " + recorded.job().label() + " -> " + current.job().label()
                        + " (the checkpoint belongs to another job)"));
            }
        }

        void key() {
            DefinitionDiff.key(recorded.key(), current.key()).ifPresent(t -> changes.add(refused(t)));
            DefinitionDiff.eventTime(recorded.timestamp(), current.timestamp()).ifPresent(t -> changes.add(refused(t)));
        }

        void source() {
            DefinitionDiff.topics(recorded.topics(), current.topics()).ifPresent(t -> changes.add(refused(t)));
        }

        void columns() {
            Set<String> keyAndTime = new HashSet<>();
            for (CheckpointDefinition d : List.of(recorded, current)) {
                d.key().forEach(k -> keyAndTime.add(k.name()));
                keyAndTime.add(d.timestamp());
            }
            Map<String, ColumnSpec> before = byName(recorded.columns());
            Map<String, ColumnSpec> after = byName(current.columns());
            for (ColumnSpec was : recorded.columns()) {
                if (keyAndTime.contains(was.name())) {
                    continue;
                }
                ColumnSpec now = after.get(was.name());
                if (now == null) {
                    changed(held(was.name()), "column removed: " + describe(was));
                } else if (now.type() != was.type()) {
                    changed(held(was.name()), "column " + was.name() + ": " + was.type() + " -> " + now.type());
                }
            }
            for (ColumnSpec now : current.columns()) {
                if (!keyAndTime.contains(now.name()) && !before.containsKey(now.name())) {
                    columnsChanged = true;
                    changes.add(allowed(added(now)));
                }
            }
            List<String> commonBefore = recorded.columns().stream().map(ColumnSpec::name).filter(after::containsKey)
                    .toList();
            List<String> commonAfter = current.columns().stream().map(ColumnSpec::name).filter(before::containsKey)
                    .toList();
            if (!commonBefore.equals(commonAfter)) {
                columnsChanged = true;
                changes.add(allowed("columns reordered: " + String.join(", ", commonBefore) + " -> "
                        + String.join(", ", commonAfter) + " (the stores read columns by name)"));
            }
        }

        /** Whether the job's stores hold {@code column} as the recorded definition wrote it; why, or why not. */
        private Optional<String> held(String column) {
            if (job == JobKind.OFFLINE) {
                return Optional.of("the Delta table holds it");
            }
            if (recorded.aggregations().isEmpty()) {
                return Optional.of("the Redis hashes hold it");
            }
            boolean aggregated = recorded.aggregations().get().declared().aggregations().stream()
                    .anyMatch(a -> a.column().equals(column));
            return aggregated ? Optional.of("the tiles aggregate it") : Optional.empty();
        }

        private void changed(Optional<String> holder, String what) {
            columnsChanged = true;
            changes.add(holder.map(h -> refused(what + " (" + h + ")"))
                    .orElseGet(() -> allowed(what + " (" + NOT_STORED + ")")));
        }

        private String added(ColumnSpec column) {
            if (job == JobKind.OFFLINE) {
                return "column added: " + describe(column) + " (the Delta table gains it at the next append; rows"
                        + " written before hold null)";
            }
            if (current.aggregations().isEmpty()) {
                return "feature added: " + describe(column) + " (keys not written since hold no value for it until"
                        + " their next event)";
            }
            return "column added: " + describe(column) + " (" + NOT_STORED + ")";
        }

        void aggregations() {
            Optional<Aggregations> was = recorded.aggregations();
            Optional<Aggregations> now = current.aggregations();
            int before = changes.size();
            DefinitionDiff.tileModel(was.map(Aggregations::declared).orElse(WindowedAggregations.NONE),
                    now.map(Aggregations::declared).orElse(WindowedAggregations.NONE)).forEach(this::tileModel);
            if (was.isEmpty() || now.isEmpty()) {
                return;
            }
            boolean explained = changes.size() > before || aggregatedColumnRetyped(was.get().declared());
            if (!explained && !was.get().tileFormat().equals(now.get().tileFormat())) {
                tileModel("tile format: " + was.get().tileFormat() + " -> " + now.get().tileFormat()
                        + " (this version of Freshet lays tiles out differently)");
            }
        }

        private boolean aggregatedColumnRetyped(WindowedAggregations a) {
            Map<String, ColumnSpec> after = byName(current.columns());
            Map<String, ColumnSpec> before = byName(recorded.columns());
            return a.aggregations().stream().map(AggregationSpec::column).distinct().anyMatch(c ->
                    before.get(c) != null && after.get(c) != null && before.get(c).type() != after.get(c).type());
        }

        /** A change of the tile model: refused where tiles are kept (the online job), allowed for the offline one. */
        private void tileModel(String what) {
            changes.add(job == JobKind.OFFLINE ? allowed(what + " (" + OFFLINE_REPLAYS + ")") : refused(what));
        }

        void state() {
            Optional<State> was = recorded.state();
            Optional<State> now = current.state();
            if (was.isPresent() && now.isPresent()) {
                if (!was.get().operator().equals(now.get().operator())) {
                    changes.add(refused("state: " + was.get().operator() + " -> " + now.get().operator()));
                } else if (was.get().shufflePartitions() != now.get().shufflePartitions()) {
                    changes.add(shufflePartitions(was.get().shufflePartitions(), now.get().shufflePartitions()));
                }
            } else if (was.isPresent() != now.isPresent() && changes.stream().noneMatch(c ->
                    c.verdict() == Verdict.REFUSED)) {
                changes.add(refused("state: " + was.map(State::operator).orElse("none") + " -> "
                        + now.map(State::operator).orElse("none")));
            }
        }

        void backfill() {
            if (!recorded.backfill().equals(current.backfill())) {
                changes.add(refused("backfill: " + recorded.backfill().orElse("none") + " -> "
                        + current.backfill().orElse("none") + " (the events before a backfill's end come from its batch"
                        + " sources and tiles, which the job's state and stores would not match)"));
            }
        }

        void sql() {
            if (!recorded.sql().equals(current.sql()) && !columnsChanged && recorded.key().equals(current.key())
                    && recorded.timestamp().equals(current.timestamp())) {
                changes.add(allowed("SQL changed, same output columns (values stored before were computed by the old"
                        + " SQL)"));
            }
        }
    }

    private static Map<String, ColumnSpec> byName(List<ColumnSpec> columns) {
        Map<String, ColumnSpec> map = new LinkedHashMap<>();
        columns.forEach(c -> map.put(c.name(), c));
        return map;
    }

    private static String describe(ColumnSpec column) {
        return DefinitionDiff.describe(column);
    }

    @Override
    public String toString() {
        return changes.stream().map(c -> c.verdict() + " " + c.text()).collect(Collectors.joining("; "));
    }
}
