package dev.freshet.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count_if;

import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.output.DatasetOutput;
import dev.freshet.spark.output.Output;
import dev.freshet.spark.output.OutputCounts;
import dev.freshet.spark.output.PartitionOutput;
import dev.freshet.spark.row.ReservedColumns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code foreachBatch} of every job: hands each micro-batch to the job's outputs, then gives the counts to the one
 * {@link BatchAccounting}.
 *
 * <ul>
 *   <li>The {@link PartitionOutput}s and the dead-letter target share one pass over the batch ({@link PartitionPass});
 *       each {@link DatasetOutput} runs an action of its own.
 *   <li>A batch that more than one action reads is persisted for the time of the batch, so that the source is read and
 *       decoded once (and the decoder's dead letters sent once).
 *   <li>When no pass sends dead letters (a job that only counts them and writes through dataset outputs only), the
 *       dead-letter rows are counted by an observation on the first action instead.
 * </ul>
 *
 * <p>{@code foreachBatch} is at-least-once: a batch that fails part-way runs again after a restart. Outputs make
 * that harmless (idempotent, ordered or absolute writes); dead letters are sent again (at least once).
 */
final class BatchWriter implements VoidFunction2<Dataset<Row>, Long> {

    private static final long serialVersionUID = 1L;

    private final transient JobDefinition job;
    private final transient ReasonCounts decoderRejects;
    private final transient ReasonCounts streamSkips;
    private final transient BatchAccounting accounting;
    private transient Map<String, Long> counted = new HashMap<>();
    private transient Map<String, Long> skipsCounted = new HashMap<>();
    private transient volatile boolean writing;
    private transient volatile long lastWritten = -1;
    /** Held while a batch is written, and by a stop at a batch boundary: no batch starts writing after it. */
    private final transient ReentrantLock batch = new ReentrantLock();

    BatchWriter(JobDefinition job, ReasonCounts decoderRejects, ReasonCounts streamSkips, BatchAccounting accounting) {
        this.job = job;
        this.decoderRejects = decoderRejects;
        this.streamSkips = streamSkips;
        this.accounting = accounting;
    }

    /** Whether a micro-batch is being written now: every write of the job's outputs happens inside {@link #call}. */
    boolean writing() {
        return writing;
    }

    /** The last micro-batch written to the end, or -1. */
    long lastWritten() {
        return lastWritten;
    }

    /**
     * Waits up to {@code timeout} for the batch being written (if any) to finish, and keeps any other from starting
     * until {@link #reopen}: the caller then stops the query at a batch boundary. A batch that starts meanwhile waits,
     * and ends without writing anything when the stop interrupts it.
     *
     * @return whether the boundary was reached within {@code timeout}
     */
    boolean holdAtBoundary(Duration timeout) {
        try {
            return batch.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Lets batches be written again after {@link #holdAtBoundary} returned true. */
    void reopen() {
        batch.unlock();
    }

    @Override
    public void call(Dataset<Row> rows, Long batchId) throws InterruptedException {
        batch.lockInterruptibly();
        writing = true;
        try {
            write(rows, batchId);
            lastWritten = batchId;
        } finally {
            writing = false;
            batch.unlock();
        }
    }

    private void write(Dataset<Row> batch, long batchId) {
        long start = System.nanoTime();
        List<PartitionOutput> partitionOutputs = new ArrayList<>();
        List<Integer> partitionIndexes = new ArrayList<>();
        List<Output> outputs = job.outputs();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i) instanceof PartitionOutput p) {
                partitionOutputs.add(p);
                partitionIndexes.add(i);
            }
        }
        boolean pass = !partitionOutputs.isEmpty() || job.deadLetters().sends();
        int actions = (pass ? 1 : 0) + outputs.size() - partitionOutputs.size();
        Dataset<Row> rows = actions > 1 ? batch.persist(StorageLevel.MEMORY_AND_DISK()) : batch;
        List<OutputCounts> counts = new ArrayList<>(outputs.stream().map(o -> OutputCounts.NONE).toList());
        Map<String, Long> deadLetters = new HashMap<>();
        try {
            if (pass) {
                List<OutputCounts> passCounts = new ArrayList<>(partitionOutputs.stream()
                        .map(o -> OutputCounts.NONE).toList());
                for (Row result : rows.mapPartitions(new PartitionPass(job.spec().name(), rows.schema(),
                        partitionOutputs, job.deadLetters(), batchId), Encoders.row(PartitionPass.Result.SCHEMA))
                        .collectAsList()) {
                    PartitionPass.Result.addTo(result, passCounts, deadLetters);
                    List<Duration> spent = PartitionPass.Result.durations(result);
                    for (int i = 0; i < spent.size(); i++) {
                        accounting.outputWritten(partitionOutputs.get(i), spent.get(i));
                    }
                }
                for (int i = 0; i < passCounts.size(); i++) {
                    counts.set(partitionIndexes.get(i), passCounts.get(i));
                }
            }
            Observation observed = null;
            for (int i = 0; i < outputs.size(); i++) {
                if (outputs.get(i) instanceof DatasetOutput d) {
                    Dataset<Row> input = rows;
                    if (!pass && observed == null) {
                        observed = new Observation(job.queryName() + "-dead-letters-" + batchId);
                        Column[] count = deadLetterCounts();
                        input = rows.observe(observed, count[0], Arrays.copyOfRange(count, 1, count.length));
                    }
                    long started = System.nanoTime();
                    counts.set(i, d.write(input, batchId));
                    accounting.outputWritten(d, Duration.ofNanos(System.nanoTime() - started));
                }
            }
            if (observed != null) {
                observedDeadLetters(observed).forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
            }
        } finally {
            if (actions > 1) {
                rows.unpersist();
            }
        }
        Map<String, Long> now = decoderRejects.value();
        decoderRejects.since(counted).forEach((reason, n) -> deadLetters.merge(reason, n, Long::sum));
        counted = now;
        Map<String, Long> skipsNow = streamSkips.value();
        Map<String, Long> skipped = streamSkips.since(skipsCounted);
        skipsCounted = skipsNow;
        accounting.record(batchId, outputs, counts, deadLetters, skipped, Duration.ofNanos(System.nanoTime() - start));
    }

    private static Column[] deadLetterCounts() {
        Column deadLetter = col(ReservedColumns.KIND).equalTo(ReservedColumns.DEAD_LETTER);
        return Arrays.stream(DeadLetterReason.values())
                .map(r -> count_if(deadLetter.and(col(ReservedColumns.REASON).equalTo(r.name()))).as(r.name()))
                .toArray(Column[]::new);
    }

    private static Map<String, Long> observedDeadLetters(Observation observed) {
        Map<String, Object> values;
        try {
            values = observed.getAsJava();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting a batch's dead letters", e);
        }
        Map<String, Long> counts = new HashMap<>();
        values.forEach((reason, n) -> {
            long count = ((Number) n).longValue();
            if (count > 0) {
                counts.put(reason, count);
            }
        });
        return counts;
    }
}
