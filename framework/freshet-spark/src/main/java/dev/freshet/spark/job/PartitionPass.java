package dev.freshet.spark.job;

import dev.freshet.spark.deadletter.DeadLetterSender;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.output.OutputCounts;
import dev.freshet.spark.output.PartitionOutput;
import dev.freshet.spark.output.PartitionWriter;
import dev.freshet.spark.row.LeadingColumns;
import dev.freshet.spark.row.RowLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The one pass over a micro-batch that every {@link PartitionOutput} of a job shares, on executors: each row goes to
 * the outputs that take its kind, each dead-letter row to the job's dead-letter target; once the partition is
 * through, every writer finishes (the store has acknowledged everything) and the partition returns one row of counts
 * for the driver ({@link Result}).
 */
final class PartitionPass implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String featureSet;
    private final StructType schema;
    private final ArrayList<PartitionOutput> outputs;
    private final DeadLetterTarget deadLetters;
    private final long batchId;

    PartitionPass(String featureSet, StructType schema, List<PartitionOutput> outputs, DeadLetterTarget deadLetters,
            long batchId) {
        this.featureSet = featureSet;
        this.schema = schema;
        // An ArrayList, not List.copyOf: it travels to executors, and Kryo cannot rebuild JDK immutable lists.
        this.outputs = new ArrayList<>(outputs);
        this.deadLetters = deadLetters;
        this.batchId = batchId;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        LeadingColumns leading = LeadingColumns.of(RowLayout.of(schema));
        PartitionWriter[] writers = new PartitionWriter[outputs.size()];
        String[] kinds = new String[outputs.size()];
        long[] nanos = new long[outputs.size()];
        for (int i = 0; i < writers.length; i++) {
            writers[i] = outputs.get(i).open(schema, batchId);
            kinds[i] = outputs.get(i).consumes();
        }
        DeadLetterSender sender = deadLetters.open(featureSet);
        while (rows.hasNext()) {
            Row row = rows.next();
            if (leading.isDeadLetter(row)) {
                sender.send(leading.deadLetter(featureSet, row), leading.sourceKey(row));
                continue;
            }
            String kind = leading.kind(row);
            // Rows no partition output takes are for the job's dataset outputs, which read the batch themselves.
            for (int i = 0; i < writers.length; i++) {
                if (kinds[i].equals(kind)) {
                    long start = System.nanoTime();
                    writers[i].accept(row);
                    nanos[i] += System.nanoTime() - start;
                }
            }
        }
        List<OutputCounts> counts = new ArrayList<>(writers.length);
        for (int i = 0; i < writers.length; i++) {
            long start = System.nanoTime();
            counts.add(writers[i].finish());
            nanos[i] += System.nanoTime() - start;
        }
        return List.of(Result.row(counts, nanos, sender.finish())).iterator();
    }

    /**
     * The counts row of one partition: written, skipped, the newest event time and the time spent writing per output
     * (in output order), dead letters by reason.
     */
    static final class Result {
        static final StructType SCHEMA = new StructType()
                .add("written", DataTypes.createArrayType(DataTypes.LongType, false), false)
                .add("skipped", DataTypes.createArrayType(DataTypes.LongType, false), false)
                .add("newest", DataTypes.createArrayType(DataTypes.LongType, false), false)
                .add("nanos", DataTypes.createArrayType(DataTypes.LongType, false), false)
                .add("dead_letters", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), false);
        private static final RowLayout LAYOUT = RowLayout.of(SCHEMA);
        private static final int WRITTEN = LAYOUT.index("written");
        private static final int SKIPPED = LAYOUT.index("skipped");
        private static final int NEWEST = LAYOUT.index("newest");
        private static final int NANOS = LAYOUT.index("nanos");
        private static final int DEAD_LETTERS = LAYOUT.index("dead_letters");

        private Result() {}

        static Row row(List<OutputCounts> counts, long[] nanos, Map<String, Long> deadLetters) {
            Object[] out = new Object[LAYOUT.width()];
            out[WRITTEN] = CollectionConverters.asScala(counts.stream().map(OutputCounts::written).toList()).toSeq();
            out[SKIPPED] = CollectionConverters.asScala(counts.stream().map(OutputCounts::skipped).toList()).toSeq();
            out[NEWEST] = CollectionConverters.asScala(counts.stream().map(OutputCounts::newestEventMillis).toList())
                    .toSeq();
            out[NANOS] = CollectionConverters.asScala(java.util.Arrays.stream(nanos).boxed().toList()).toSeq();
            out[DEAD_LETTERS] = CollectionConverters.asScala(deadLetters);
            return RowFactory.create(out);
        }

        /** How long the partition of {@code row} spent in each output's writer (mostly waiting for its store). */
        static List<Duration> durations(Row row) {
            return row.<Long>getList(NANOS).stream().map(Duration::ofNanos).toList();
        }

        /** Adds the counts of {@code row} to {@code counts} (per output) and {@code deadLetters}. */
        static void addTo(Row row, List<OutputCounts> counts, Map<String, Long> deadLetters) {
            List<Long> written = row.getList(WRITTEN);
            List<Long> skipped = row.getList(SKIPPED);
            List<Long> newest = row.getList(NEWEST);
            for (int i = 0; i < counts.size(); i++) {
                counts.set(i, counts.get(i).plus(new OutputCounts(written.get(i), skipped.get(i), newest.get(i))));
            }
            Map<String, Long> byReason = new HashMap<>(CollectionConverters.asJava(row.<String, Long>getMap(
                    DEAD_LETTERS)));
            byReason.forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
        }
    }
}
