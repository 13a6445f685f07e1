package dev.freshet.spark.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_millis;
import static org.apache.spark.sql.functions.when;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.time.DurationLiteral;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.function.TransformFailureRouting;
import dev.freshet.spark.row.KafkaRecordLayout;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.row.RowLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one pipeline every job of a feature set runs, from raw Kafka rows to pipeline rows (the
 * {@link ReservedColumns#LEADING leading columns}, then the transform's output columns):
 *
 * <ol>
 *   <li>decode each record strictly ({@link DecodeFunction}); rejected records are dead-lettered there, with their
 *       payload, and counted in {@code rejected};
 *   <li>run the row-level SQL, the typed record transform, both, or the whole-Dataset transform over the accepted
 *       records ({@link SqlTransform}), carrying their source position;
 *   <li>turn transform output whose key or event time is null into dead-letter rows, and — for a row-level set —
 *       output whose event time lies further after its Kafka timestamp than the set's maximum skew; the rest are
 *       feature rows;
 *   <li>if the SQL calls SQL functions (registered for its analysis by {@link SqlTransform}) or the set has a record
 *       transform, turn each record a function or the transform failed on into one {@code TRANSFORM_ERROR}
 *       dead-letter row ({@link TransformFailureRouting}).
 * </ol>
 *
 * <p>Jobs differ only in what comes after: an optional event-time stage (tiles) and where the rows go (see
 * {@code dev.freshet.spark.job}).
 */
public final class IngestionPipeline {

    private IngestionPipeline() {}

    /**
     * Pipeline rows for {@code spec} from {@code kafka}, a frame of raw Kafka rows (stream or batch). Records the
     * decoder rejects go to {@code deadLetters} and are counted in {@code rejected} instead.
     */
    public static Dataset<Row> rows(SparkSession spark, FeatureSetSpec spec, Dataset<Row> kafka,
            DeadLetterTarget deadLetters, ReasonCounts rejected) {
        KafkaRecordLayout records = KafkaRecordLayout.of(RowLayout.of(kafka.schema()));
        Dataset<Row> decoded = kafka.mapPartitions(new DecodeFunction(spec, records, deadLetters, rejected),
                Encoders.row(DecodeFunction.outputSchema(spec)));
        return transformed(spark, spec, decoded);
    }

    /**
     * Pipeline rows for {@code spec} from records typed already, with the decoder's columns
     * ({@link DecodeFunction#outputSchema}), such as a backfill's batch rows: every step after the decoder, each
     * record entered into the transform as the decoder enters Kafka records.
     */
    public static Dataset<Row> fromTyped(SparkSession spark, FeatureSetSpec spec, Dataset<Row> typed) {
        if (!TransformFailureRouting.needed(spec)) {
            return transformed(spark, spec, typed);
        }
        return transformed(spark, spec, typed.mapPartitions(
                new TypedRecordEntry(typed.schema().fieldIndex(ReservedColumns.SOURCE)), Encoders.row(typed.schema())));
    }

    private static Dataset<Row> transformed(SparkSession spark, FeatureSetSpec spec, Dataset<Row> decoded) {
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
        // Aggregated sets judge future event times in their event-time stage, in offset order with lateness; a
        // row-level set here, so that one bogus future event cannot hide every later event of its key as stale.
        Duration skew = spec.aggregations().maxEventTimeSkew();
        Column future = spec.aggregated() || skew.isZero() ? lit(false)
                : unix_millis(quoted(spec.timestampColumn())).gt(
                        unix_millis(col(ReservedColumns.SOURCE).getField("timestamp")).plus(skew.toMillis()));
        Column futureDetail = concat(lit("event time "), date_format(quoted(spec.timestampColumn()),
                        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), lit(" is after the Kafka record's timestamp "),
                date_format(col(ReservedColumns.SOURCE).getField("timestamp"), "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"),
                lit(" by more than the maximum skew " + (skew.isZero() ? "0s" : DurationLiteral.format(skew))));
        List<Column> fromTransform = new ArrayList<>();
        fromTransform.add(when(missingKey.or(missingTimestamp).or(future), lit(ReservedColumns.DEAD_LETTER))
                .otherwise(lit(ReservedColumns.FEATURES)).as(ReservedColumns.KIND));
        fromTransform.add(when(missingKey, lit(DeadLetterReason.MISSING_KEY.name()))
                .when(missingTimestamp, lit(DeadLetterReason.MISSING_TIMESTAMP.name()))
                .when(future, lit(DeadLetterReason.FUTURE_EVENT_TIME.name()))
                .as(ReservedColumns.REASON));
        fromTransform.add(when(missingKey, missingKeyDetail)
                .when(missingTimestamp, lit("the transform's event-time column \"" + spec.timestampColumn()
                        + "\" is null"))
                .when(future, futureDetail)
                .as(ReservedColumns.DETAIL));
        fromTransform.addAll(position(col(ReservedColumns.SOURCE)));
        fromTransform.add(lit(null).cast(DataTypes.BinaryType).as(ReservedColumns.SOURCE_KEY));
        fromTransform.add(lit(null).cast(DataTypes.BinaryType).as(ReservedColumns.PAYLOAD));
        for (ColumnSpec c : spec.outputColumns()) {
            fromTransform.add(quoted(c.name()));
        }

        Dataset<Row> rows = transformed.select(fromTransform.toArray(Column[]::new));
        if (!TransformFailureRouting.needed(spec)) {
            return rows;
        }
        // A separate operator, so that Spark has evaluated every expression of a row (each function call) before
        // the routing asks whether a call failed on its record.
        return rows.mapPartitions(new TransformFailureRouting(rows.schema()), Encoders.row(rows.schema()));
    }

    private static List<Column> position(Column source) {
        return List.of(
                source.getField("topic").as(ReservedColumns.TOPIC),
                source.getField("partition").as(ReservedColumns.PARTITION),
                source.getField("offset").as(ReservedColumns.OFFSET),
                source.getField("timestamp").as(ReservedColumns.KAFKA_TIMESTAMP));
    }

    private static Column quoted(String column) {
        return col("`" + column + "`");
    }
}
