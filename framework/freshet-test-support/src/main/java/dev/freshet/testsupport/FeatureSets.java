package dev.freshet.testsupport;

import dev.freshet.api.SourceFormat;
import dev.freshet.api.StartingOffsets;
import dev.freshet.api.TimestampEncoding;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.BackfillSpec;
import dev.freshet.api.spec.ClusterTemplatesSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.DatasetTransformSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.api.spec.KafkaSourceSpec;
import dev.freshet.api.spec.MetadataSpec;
import dev.freshet.api.spec.RecordTransformSpec;
import dev.freshet.api.spec.SourceFieldSpec;
import dev.freshet.api.spec.SqlFunctionSpec;
import dev.freshet.api.spec.WindowedAggregations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Builders of feature-set specs for tests, as the processor would generate them. The defaults describe the
 * transactions example: source {@code transaction_stream} on topic {@code transactions} with
 * {@code user_id STRING, amount DOUBLE, is_remote BOOLEAN, timestamp TIMESTAMP}, key {@code user_id}, and SQL
 * selecting all four.
 *
 * <pre>{@code
 * FeatureSetSpec spec = FeatureSets.aFeatureSet().name("tx").topic("tx-1").build();
 * }</pre>
 */
public final class FeatureSets {

    private FeatureSets() {}

    /** A builder with the transactions defaults. */
    public static Builder aFeatureSet() {
        return new Builder();
    }

    /** Builds a {@link FeatureSetSpec}. */
    public static final class Builder {
        private String name = "user-transactions";
        private List<String> key = List.of("user_id");
        private String sourceName = "transaction_stream";
        private List<String> topics = List.of("transactions");
        private Set<TimestampEncoding> encodings = EnumSet.of(TimestampEncoding.ISO_8601);
        private List<SourceFieldSpec> fields = new ArrayList<>(List.of(
                new SourceFieldSpec("user_id", "user_id", ValueType.STRING),
                new SourceFieldSpec("amount", "amount", ValueType.DOUBLE),
                new SourceFieldSpec("is_remote", "is_remote", ValueType.BOOLEAN),
                new SourceFieldSpec("timestamp", "timestamp", ValueType.TIMESTAMP)));
        private String timestamp = "timestamp";
        private String sql = "SELECT user_id, amount, is_remote, timestamp FROM transaction_stream";
        private List<ColumnSpec> output;
        private Duration trigger = Duration.ofSeconds(5);
        private Duration ttl = Duration.ZERO;
        private WindowedAggregations aggregations = WindowedAggregations.NONE;
        private List<SqlFunctionSpec> functions = List.of();
        private DatasetTransformSpec datasetTransform;
        private RecordTransformSpec recordTransform;
        private BackfillSpec backfill;
        private final List<KafkaSinkSpec> sinks = new ArrayList<>();
        private String sourceServers = "";
        private KafkaSecuritySpec sourceSecurity = KafkaSecuritySpec.NONE;
        private ClusterTemplatesSpec clusterTemplates = ClusterTemplatesSpec.DEFAULT;
        private MetadataSpec metadata = MetadataSpec.NONE;

        private Builder() {}

        /** Feature-set name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Key columns. */
        public Builder key(String... columns) {
            this.key = List.of(columns);
            return this;
        }

        /** Source topic (one). */
        public Builder topic(String topic) {
            this.topics = List.of(topic);
            return this;
        }

        /** Source name (also the SQL view). */
        public Builder source(String sourceName) {
            this.sourceName = sourceName;
            return this;
        }

        /** Replaces the source fields: pairs of column name and type. */
        public Builder fields(SourceFieldSpec... fields) {
            this.fields = new ArrayList<>(List.of(fields));
            return this;
        }

        /** Accepted timestamp encodings. */
        public Builder timestampEncodings(TimestampEncoding... encodings) {
            this.encodings = EnumSet.copyOf(List.of(encodings));
            return this;
        }

        /** Event-time column. */
        public Builder timestamp(String column) {
            this.timestamp = column;
            return this;
        }

        /** The SQL and its output columns, as the processor would compute them. */
        public Builder sql(String sql, ColumnSpec... output) {
            this.sql = sql;
            this.output = List.of(output);
            return this;
        }

        /** A whole-Dataset transform instead of the SQL, and its declared output columns. */
        public Builder datasetTransform(DatasetTransformSpec transform, ColumnSpec... output) {
            this.datasetTransform = transform;
            this.sql = "";
            this.output = List.of(output);
            return this;
        }

        /** A typed record transform on the decoded source records, instead of SQL, and its output record's columns. */
        public Builder recordTransform(RecordTransformSpec transform, ColumnSpec... output) {
            return sqlThenRecordTransform("", transform, output);
        }

        /**
         * SQL, then a typed record transform on its output rows (the transform's input columns are the SQL's output),
         * and the transform's output record's columns.
         */
        public Builder sqlThenRecordTransform(String sql, RecordTransformSpec transform, ColumnSpec... output) {
            this.sql = sql;
            this.recordTransform = transform;
            this.output = List.of(output);
            return this;
        }

        /** Online trigger interval. */
        public Builder trigger(Duration trigger) {
            this.trigger = trigger;
            return this;
        }

        /**
         * Aggregations over {@code windows} with a 1 s tile, the given lateness and a 5-minute skew; the features
         * are named as the processor names them.
         */
        public Builder aggregate(List<AggregationSpec> aggregations, Duration lateness, Duration... windows) {
            this.aggregations = new WindowedAggregations(aggregations, List.of(windows), Duration.ofSeconds(1),
                    lateness, Duration.ofMinutes(5));
            return this;
        }

        /**
         * The maximum event-time skew, as the processor declares it for every set (a row-level set built here has
         * none unless this is called; {@link #aggregate} sets 5 minutes).
         */
        public Builder maxEventTimeSkew(Duration skew) {
            this.aggregations = new WindowedAggregations(aggregations.aggregations(), aggregations.windows(),
                    aggregations.tileSize(), aggregations.allowedLateness(), skew);
            return this;
        }

        /** The aggregation settings, whole. */
        public Builder aggregations(WindowedAggregations aggregations) {
            this.aggregations = aggregations;
            return this;
        }

        /** The SQL functions the SQL calls, as the processor would list them. */
        public Builder functions(SqlFunctionSpec... functions) {
            this.functions = List.of(functions);
            return this;
        }

        /** The backfill of the set's events before its end (an aggregated set's). */
        public Builder backfill(BackfillSpec backfill) {
            this.backfill = backfill;
            return this;
        }

        /** The source's own brokers and security, instead of the application's connection. */
        public Builder sourceConnection(String bootstrapServers, KafkaSecuritySpec security) {
            this.sourceServers = bootstrapServers;
            this.sourceSecurity = security;
            return this;
        }

        /** One more auxiliary Kafka sink, after those already given. */
        public Builder sink(KafkaSinkSpec sink) {
            this.sinks.add(sink);
            return this;
        }

        /** The size of cluster each job runs on when deployed ({@link ClusterTemplatesSpec#DEFAULT} unless given). */
        public Builder clusterTemplates(ClusterTemplatesSpec clusterTemplates) {
            this.clusterTemplates = clusterTemplates;
            return this;
        }

        /** Owner, description, display name and tags ({@link MetadataSpec#NONE} unless given). */
        public Builder metadata(MetadataSpec metadata) {
            this.metadata = metadata;
            return this;
        }

        /** Online TTL. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** The spec. Without {@link #sql}, the output is the source schema. */
        public FeatureSetSpec build() {
            List<ColumnSpec> columns = output != null ? output
                    : fields.stream().map(f -> new ColumnSpec(f.column(), f.type())).toList();
            KafkaSourceSpec source = new KafkaSourceSpec(sourceName, topics, SourceFormat.JSON,
                    StartingOffsets.EARLIEST, encodings, fields, "test.Source", sourceServers, "", sourceSecurity);
            List<ColumnSpec> features = aggregations.present() ? aggregateFeatures(columns)
                    : FeatureSetSpec.rowLevelFeatures(columns, key, timestamp);
            return new FeatureSetSpec(name, key, source, timestamp, sql, columns, aggregations, features, trigger,
                    "*/30 * * * *", ttl, metadata, "test.FeatureSet", functions, datasetTransform,
                    recordTransform, backfill, sinks, clusterTemplates);
        }

        private List<ColumnSpec> aggregateFeatures(List<ColumnSpec> columns) {
            List<ColumnSpec> features = new ArrayList<>();
            for (AggregationSpec a : aggregations.aggregations()) {
                ValueType input = columns.stream().filter(c -> c.name().equals(a.column())).findFirst().orElseThrow()
                        .type();
                for (Duration w : aggregations.windows()) {
                    features.add(new ColumnSpec(a.prefix() + "_" + label(w), a.function().resultType(input)));
                }
            }
            return features;
        }

        private static String label(Duration d) {
            long s = d.toSeconds();
            return s % 86400 == 0 ? s / 86400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m"
                    : s + "s";
        }
    }

    /** A column of an output schema. */
    public static ColumnSpec column(String name, ValueType type) {
        return new ColumnSpec(name, type);
    }

    /** A source field read from the JSON member of the same name. */
    public static SourceFieldSpec field(String name, ValueType type) {
        return new SourceFieldSpec(name, name, type);
    }
}
