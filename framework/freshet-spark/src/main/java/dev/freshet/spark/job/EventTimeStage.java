package dev.freshet.spark.job;

import dev.freshet.spark.CheckpointDefinition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;

/**
 * An optional stateful stage between the pipeline and the outputs, such as the tile operator of aggregated feature
 * sets: it turns pipeline rows into the rows the outputs take, passing dead-letter rows through and adding its own.
 */
public interface EventTimeStage {

    /** The stage's output over {@code pipelineRows}. */
    Dataset<Row> apply(Dataset<Row> pipelineRows);

    /** The query's output mode with this stage. */
    OutputMode outputMode();

    /**
     * What the stage keeps in a checkpoint besides the offsets (which operator, how its state is partitioned),
     * recorded with the job's definition: a checkpoint whose state another definition wrote is refused before the
     * query starts.
     */
    CheckpointDefinition.State checkpointState(SparkSession spark);
}
