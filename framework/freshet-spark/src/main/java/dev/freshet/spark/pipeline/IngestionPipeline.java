package dev.freshet.spark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.schema.ValueTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one pipeline every job of a feature set runs, from raw Kafka rows to sink rows (see {@link SinkColumns}):
 *
 * <ol>
 *   <li>decode each record strictly ({@link DecodeFunction}); rejected records are dead-lettered there, with their
 *       payload, and counted in {@code rejected};
 *   <li>run the row-level SQL over the accepted records ({@link SqlTransform}), carrying their source position;
 *   <li>turn transform output whose key or event time is null into dead-letter rows; the rest are feature rows.
 * </ol>
 *
 * <p>The online job, and later the offline and backfill jobs, differ only in where the sink rows go.
 */
public final class IngestionPipeline {

    private IngestionPipeline() {}

    /**
     * Sink rows for {@code spec} from {@code kafka}, a frame of raw Kafka rows (stream or batch). Records the decoder
     * rejects go to {@code deadLetters} and are counted in {@code rejected} instead.
     */
    public static Dataset<Row> sinkRows(SparkSession spark, FeatureSetSpec spec, Dataset<Row> kafka,
            DeadLetterTarget deadLetters, ReasonCounts rejected) {
        Dataset<Row> decoded = kafka.mapPartitions(new DecodeFunction(spec, deadLetters, rejected),
                Encoders.row(DecodeFunction.outputSchema(spec)));
        Dataset<Row> transformed = SqlTransform.apply(spark, spec, decoded);

        Column missingKey = lit(false);
        Column missingKeyDetail = lit(null).cast(DataTypes.StringType);
        for (int i = spec.key().size() - 1; i >= 0; i--) {
            String key = spec.key().get(i);
            missingKey = missingKey.or(quoted(key).isNull());
            missingKeyDetail = when(quoted(key).isNull(), lit("the transform's key column \"" + key + "\" is null"))
                    .otherwise(missingKeyDetail);
        }
        Column missingTimestamp = quoted(spec.timestampColumn()).isNull();
        List<Column> fromTransform = new ArrayList<>();
        fromTransform.add(when(missingKey.or(missingTimestamp), lit(SinkColumns.DEAD_LETTER))
                .otherwise(lit(SinkColumns.FEATURES)).as(SinkColumns.KIND));
        fromTransform.add(when(missingKey, lit(DeadLetterReason.MISSING_KEY.name()))
                .when(missingTimestamp, lit(DeadLetterReason.MISSING_TIMESTAMP.name()))
                .as(SinkColumns.REASON));
        fromTransform.add(when(missingKey, missingKeyDetail)
                .when(missingTimestamp, lit("the transform's event-time column \"" + spec.timestampColumn()
                        + "\" is null"))
                .as(SinkColumns.DETAIL));
        fromTransform.addAll(position(col(SinkColumns.SOURCE)));
        fromTransform.add(lit(null).cast(DataTypes.BinaryType).as(SinkColumns.SOURCE_KEY));
        fromTransform.add(lit(null).cast(DataTypes.BinaryType).as(SinkColumns.PAYLOAD));
        for (ColumnSpec c : spec.outputColumns()) {
            fromTransform.add(quoted(c.name()));
        }

        return transformed.select(fromTransform.toArray(Column[]::new));
    }

    private static List<Column> position(Column source) {
        return List.of(
                source.getField("topic").as(SinkColumns.TOPIC),
                source.getField("partition").as(SinkColumns.PARTITION),
                source.getField("offset").as(SinkColumns.OFFSET),
                source.getField("timestamp").as(SinkColumns.SOURCE_TIMESTAMP));
    }

    private static Column quoted(String column) {
        return col("`" + column + "`");
    }

    /** Index of column {@code name} in a sink row of {@code spec}. */
    public static int sinkIndex(FeatureSetSpec spec, String name) {
        int leading = SinkColumns.LEADING.indexOf(name);
        if (leading >= 0) {
            return leading;
        }
        for (int i = 0; i < spec.outputColumns().size(); i++) {
            if (spec.outputColumns().get(i).name().equals(name)) {
                return SinkColumns.LEADING.size() + i;
            }
        }
        throw new IllegalArgumentException("feature set \"" + spec.name() + "\" has no sink column \"" + name + "\"");
    }

    /** Converts a sink-row value of output column {@code c} to the Java value the stores take. */
    public static Object storeValue(Row row, int index, ColumnSpec c) {
        return ValueTypes.fromSparkValue(row.get(index), c.type());
    }
}
