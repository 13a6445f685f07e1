package dev.freshet.spark.job;

import dev.freshet.core.job.JobKind;
import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.output.Output;
import dev.freshet.spark.source.RecordSource;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Everything one job of a feature set runs: records from a source, through the one pipeline, an optional event-time
 * stage, into one or more outputs, with a dead-letter target for what cannot be ingested. {@link JobStarter} starts
 * any definition the same way; the kinds of job differ only in the values here.
 *
 * @param spec        the feature set
 * @param kind        which of its jobs
 * @param checkpoint  the query's checkpoint location
 * @param source      where raw records come from
 * @param stage       the event-time stage, if any
 * @param outputs     where rows go; at least one
 * @param deadLetters where dead letters go (or that they are only counted)
 * @param trigger     when micro-batches run
 */
public record JobDefinition(FeatureSetSpec spec, JobKind kind, String checkpoint, RecordSource source,
        Optional<EventTimeStage> stage, List<Output> outputs, DeadLetterTarget deadLetters, Trigger trigger) {

    /** Checks the parts and copies the outputs. */
    public JobDefinition {
        requireNonNull(spec, "spec");
        requireNonNull(kind, "kind");
        requireNonNull(checkpoint, "checkpoint");
        requireNonNull(source, "source");
        requireNonNull(stage, "stage");
        outputs = List.copyOf(outputs);
        requireNonNull(deadLetters, "deadLetters");
        requireNonNull(trigger, "trigger");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("the " + kind.label() + " job of feature set \"" + spec.name()
                    + "\" has no output");
        }
    }

    /** The Structured Streaming query name: {@code freshet-<kind>-<feature set>}. */
    public String queryName() {
        return "freshet-" + kind.label() + "-" + spec.name();
    }
}
