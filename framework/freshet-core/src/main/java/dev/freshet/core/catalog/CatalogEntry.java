package dev.freshet.core.catalog;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.WindowedAggregations;
import dev.freshet.core.window.TilePlan;
import dev.freshet.core.window.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One feature set as the catalog describes it: what it is declared to be, without the generated code that runs it.
 * {@link CatalogDocument#read} makes these from {@code catalog.json}; {@link #of(FeatureSetSpec)} from a loaded
 * spec, with the same facts.
 *
 * @param name            feature-set name
 * @param declaringClass  fully qualified name of the annotated class
 * @param metadata        owner, description, display name and tags
 * @param key             key columns with their types, in key order
 * @param timestampColumn event-time column
 * @param source          the Kafka source; credentials only as secret names
 * @param transform       how the source's records become output rows
 * @param outputColumns   the transform's output schema, in order
 * @param features        the features the online store serves, in order
 * @param aggregations    aggregations, windows and tiling; {@link WindowedAggregations#present()} is false for a
 *                        row-level feature set
 * @param tilePlan        the tile sizes kept and their retention, for an aggregated feature set
 * @param onlineTrigger   interval between micro-batches of the online job
 * @param offlineSchedule five-field cron expression of the offline job
 * @param onlineTtl       how long a key stays in the online store after its last write; zero for the default
 * @param sinks           the auxiliary Kafka sinks, in declaration order
 * @param backfill        the backfill from batch sources, if any
 * @param templates       the cluster template of each job kind
 */
public record CatalogEntry(
        String name,
        String declaringClass,
        MetadataSpec metadata,
        List<ColumnSpec> key,
        String timestampColumn,
        KafkaSourceSpec source,
        Transform transform,
        List<ColumnSpec> outputColumns,
        List<ColumnSpec> features,
        WindowedAggregations aggregations,
        Optional<Tiles> tilePlan,
        Duration onlineTrigger,
        String offlineSchedule,
        Duration onlineTtl,
        List<KafkaSinkSpec> sinks,
        Optional<Backfill> backfill,
        ClusterTemplatesSpec templates) {

    /** Checks every part and copies the lists. */
    public CatalogEntry {
        requireNonNull(name, "name");
        requireNonNull(declaringClass, "declaringClass");
        requireNonNull(metadata, "metadata");
        key = List.copyOf(key);
        requireNonNull(timestampColumn, "timestampColumn");
        requireNonNull(source, "source");
        requireNonNull(transform, "transform");
        outputColumns = List.copyOf(outputColumns);
        features = List.copyOf(features);
        requireNonNull(aggregations, "aggregations");
        requireNonNull(tilePlan, "tilePlan");
        requireNonNull(onlineTrigger, "onlineTrigger");
        requireNonNull(offlineSchedule, "offlineSchedule");
        requireNonNull(onlineTtl, "onlineTtl");
        sinks = List.copyOf(sinks);
        requireNonNull(backfill, "backfill");
    }

    /**
     * How a feature set's rows are made.
     *
     * @param kind      SQL, a record transform (alone or after SQL) or a Dataset transform
     * @param sql       the row-level SQL; empty without
     * @param functions names of the {@code @SqlFunction}s the SQL calls
     * @param method    the Java transform method, as {@code com.example.UserRisk.score(com.example.Transaction)};
     *                  empty for {@link TransformKind#SQL}
     * @param input     fully qualified name of a record transform's input record; empty otherwise
     * @param output    fully qualified name of the record declaring a Java transform's output; empty for SQL
     */
    public record Transform(TransformKind kind, String sql, List<String> functions, String method, String input,
            String output) {

        /** Checks every part and copies the list. */
        public Transform {
            requireNonNull(kind, "kind");
            requireNonNull(sql, "sql");
            functions = List.copyOf(functions);
            requireNonNull(method, "method");
            requireNonNull(input, "input");
            requireNonNull(output, "output");
        }
    }

    /**
     * The tiles an aggregated feature set keeps: a summary of its {@link TilePlan}.
     *
     * @param tileSizes the tile size of each kept level, finest first
     * @param retention the longest a tile may matter after its key's newest event
     */
    public record Tiles(List<Duration> tileSizes, Duration retention) {

        /** Checks the parts and copies the list. */
        public Tiles {
            tileSizes = List.copyOf(tileSizes);
            requireNonNull(retention, "retention");
        }

        /** The summary of the tile plan of {@code aggregations}, if there are any. */
        public static Optional<Tiles> of(WindowedAggregations aggregations) {
            if (!aggregations.present()) {
                return Optional.empty();
            }
            TilePlan plan = TilePlan.of(aggregations.windows().stream().map(Window::new).toList(),
                    aggregations.tileSize());
            List<Duration> sizes = new ArrayList<>();
            for (int level = 0; level < plan.levels(); level++) {
                sizes.add(Duration.ofMillis(plan.size(level)));
            }
            return Optional.of(new Tiles(sizes, Duration.ofMillis(plan.retention())));
        }
    }

    /**
     * A feature set's backfill from batch sources.
     *
     * @param start           the first event time read, inclusive
     * @param end             the hand-off to Kafka, exclusive
     * @param sql             the backfill SQL; empty when a Java transform makes the rows
     * @param transformMethod the Java method that makes the rows instead of the SQL, if any
     * @param sources         the batch sources with the range read from each
     */
    public record Backfill(Instant start, Instant end, String sql, Optional<String> transformMethod,
            List<BackfillSpec.Source> sources) {

        /** Checks every part and copies the list. */
        public Backfill {
            requireNonNull(start, "start");
            requireNonNull(end, "end");
            requireNonNull(sql, "sql");
            requireNonNull(transformMethod, "transformMethod");
            sources = List.copyOf(sources);
        }
    }

    /** The entry describing {@code spec}, as the processor writes it into the catalog. */
    public static CatalogEntry of(FeatureSetSpec spec) {
        Transform transform = new Transform(TransformKind.of(spec), spec.sql(),
                spec.functions().stream().map(SqlFunctionSpec::name).toList(),
                spec.dataset().map(d -> d.method()).or(() -> spec.record().map(r -> r.method())).orElse(""),
                spec.record().map(r -> r.input()).orElse(""),
                spec.dataset().map(d -> d.output()).or(() -> spec.record().map(r -> r.output())).orElse(""));
        Optional<Backfill> backfill = spec.backfill().map(b -> new Backfill(b.start(), b.end(), b.sql(),
                b.transform().map(t -> t.method()), b.sources()));
        return new CatalogEntry(spec.name(), spec.declaringClass(), spec.metadata(),
                spec.key().stream().map(k -> spec.column(k).orElseThrow()).toList(), spec.timestampColumn(),
                spec.source(), transform, spec.outputColumns(), spec.featureColumns(), spec.aggregations(),
                Tiles.of(spec.aggregations()), spec.onlineTrigger(), spec.offlineSchedule(), spec.onlineTtl(),
                spec.sinks(), backfill, spec.clusterTemplates());
    }
}
