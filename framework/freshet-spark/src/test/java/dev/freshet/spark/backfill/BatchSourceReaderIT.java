package dev.freshet.spark.backfill;

import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.BatchFormat;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.BatchSourceSpec;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.testsupport.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batch sources read for a backfill from real files and Delta tables on a local SparkSession: each format within a
 * half-open time range, rows without an event time kept, the declared schema enforced and a data schema that differs
 * named column by column before any row is read.
 */
class BatchSourceReaderIT {

    private static final Instant T0 = Instant.parse("2026-06-01T08:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);
    private static final StructType WRITTEN = new StructType()
            .add("user_id", DataTypes.StringType, true)
            .add("amount", DataTypes.DoubleType, true)
            .add("is_remote", DataTypes.BooleanType, true)
            .add("timestamp", DataTypes.TimestampType, true);
    private static final List<ColumnSpec> DECLARED = List.of(column("user_id", ValueType.STRING),
            column("amount", ValueType.DOUBLE), column("is_remote", ValueType.BOOLEAN),
            column("timestamp", ValueType.TIMESTAMP));

    @TempDir
    Path dir;

    private final SparkSession spark = SharedSpark.session();

    @ParameterizedTest
    @EnumSource(BatchFormat.class)
    void readsTheEventsOfTheRangeAndThoseWithoutATimeInTheDeclaredSchema(BatchFormat format) {
        Path path = write(format);

        Dataset<Row> read = BatchSourceReader.read(spark, "fs", source(format, path, DECLARED), T0, T1);

        assertThat(read.schema().fieldNames()).containsExactly("user_id", "amount", "is_remote", "timestamp");
        assertThat(users(read)).containsExactlyInAnyOrder("at-start", "inside", "no-time");
    }

    @Test
    void declaredColumnsComeOutInTheirDeclaredOrder() {
        Path path = write(BatchFormat.PARQUET);
        List<ColumnSpec> reordered = List.of(column("timestamp", ValueType.TIMESTAMP),
                column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE));

        Dataset<Row> read = BatchSourceReader.read(spark, "fs", source(BatchFormat.PARQUET, path, reordered), T0, T1);

        assertThat(read.schema().fieldNames()).containsExactly("timestamp", "user_id", "amount");
    }

    @Test
    void withoutADeclaredSchemaTheDataSchemaIsRead() {
        Path path = write(BatchFormat.PARQUET);

        Dataset<Row> read = BatchSourceReader.read(spark, "fs", source(BatchFormat.PARQUET, path, List.of()), T0, T1);

        assertThat(read.schema()).isEqualTo(WRITTEN);
        assertThat(users(read)).containsExactlyInAnyOrder("at-start", "inside", "no-time");
    }

    @Test
    void aDeclaredColumnTheDataLacksOrHoldsWithAnotherTypeIsNamedBeforeAnyRowIsRead() {
        Path path = write(BatchFormat.PARQUET);
        List<ColumnSpec> wrong = List.of(column("user_id", ValueType.LONG), column("merchant", ValueType.STRING),
                column("timestamp", ValueType.TIMESTAMP));

        assertThatThrownBy(() -> BatchSourceReader.read(spark, "fs", source(BatchFormat.PARQUET, path, wrong), T0, T1))
                .isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"fs\": batch source \"history\" (PARQUET at " + path + ") does not hold the"
                        + " data test.History declares: column \"user_id\" is string, declared bigint; column"
                        + " \"merchant\" (string) is missing. Change the declaration to match the data, or convert"
                        + " the data");
    }

    @Test
    void aTimeColumnTheDataHoldsAsTextIsRefusedWhenTheSchemaIsRead() {
        Path path = write(BatchFormat.JSON); // JSON keeps timestamps as strings, and Spark infers strings

        assertThatThrownBy(() -> BatchSourceReader.read(spark, "fs", source(BatchFormat.JSON, path, List.of()), T0, T1))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("does not hold the data test.History declares: the time column \"timestamp\" is"
                        + " string, not a timestamp.");
    }

    @Test
    void aCsvValueThatDoesNotParseFailsTheReadInsteadOfBecomingNull() throws Exception {
        Path path = dir.resolve("bad.csv");
        Files.writeString(path, "user_id,amount,is_remote,timestamp\nu1,twelve,false,2026-06-01T08:10:00Z\n");

        Dataset<Row> read = BatchSourceReader.read(spark, "fs", source(BatchFormat.CSV, path, DECLARED), T0, T1);

        assertThatThrownBy(read::collectAsList).hasStackTraceContaining("twelve");
    }

    @Test
    void aCsvWhoseHeaderIsNotTheDeclaredColumnsFailsTheReadInsteadOfMatchingByPosition() throws Exception {
        Path path = dir.resolve("swapped.csv");
        Files.writeString(path, "amount,user_id,is_remote,timestamp\n12.5,u1,false,2026-06-01T08:10:00Z\n");

        Dataset<Row> read = BatchSourceReader.read(spark, "fs", source(BatchFormat.CSV, path, DECLARED), T0, T1);

        assertThatThrownBy(read::collectAsList).hasStackTraceContaining("amount");
    }

    @Test
    void aPathThatDoesNotExistIsNamed() {
        Path missing = dir.resolve("nothing-here");

        assertThatThrownBy(() -> BatchSourceReader.read(spark, "fs", source(BatchFormat.PARQUET, missing, DECLARED),
                T0, T1))
                .isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("feature set \"fs\": batch source \"history\" (PARQUET at " + missing
                        + ") cannot be read: ")
                .hasMessageContaining("nothing-here");
    }

    /** Writes one event before the range, one at its start, one inside, one at its end, and one without a time. */
    private Path write(BatchFormat format) {
        List<Row> rows = Arrays.asList(
                RowFactory.create("before", 1.0, false, Timestamp.from(T0.minusMillis(1))),
                RowFactory.create("at-start", 2.0, true, Timestamp.from(T0)),
                RowFactory.create("inside", 3.0, false, Timestamp.from(T0.plusSeconds(1800))),
                RowFactory.create("at-end", 4.0, true, Timestamp.from(T1)),
                RowFactory.create("no-time", 5.0, false, null));
        Path path = dir.resolve(format.sparkFormat());
        var writer = spark.createDataFrame(rows, WRITTEN).coalesce(1).write().format(format.sparkFormat());
        if (format == BatchFormat.CSV) {
            writer = writer.option("header", "true");
        }
        writer.save(path.toString());
        return path;
    }

    private static BatchSourceSpec source(BatchFormat format, Path path, List<ColumnSpec> fields) {
        return new BatchSourceSpec("history", format, path.toString(), false, "timestamp", fields, Map.of(),
                "test.History");
    }

    private static List<String> users(Dataset<Row> read) {
        return read.select("user_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    }
}
