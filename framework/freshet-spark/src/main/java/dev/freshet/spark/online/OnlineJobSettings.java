package dev.freshet.spark.online;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import java.time.Duration;

/**
 * How one online job runs: the effective values, after operator overrides of the feature set's declared defaults.
 *
 * @param triggerInterval      interval between micro-batches
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch; zero for none
 * @param onlineTtl            how long a key stays in Redis after its last write; zero keeps it
 * @param runMode              whether the job runs until stopped or stops once caught up
 */
public record OnlineJobSettings(Duration triggerInterval, long maxOffsetsPerTrigger, Duration onlineTtl,
        RunMode runMode) {

    /** Checks the values. */
    public OnlineJobSettings {
        requireNonNull(triggerInterval, "triggerInterval");
        requireNonNull(onlineTtl, "onlineTtl");
        requireNonNull(runMode, "runMode");
        if (triggerInterval.isNegative() || triggerInterval.isZero()) {
            throw new IllegalArgumentException("the online trigger interval must be positive, not " + triggerInterval);
        }
        if (maxOffsetsPerTrigger < 0) {
            throw new IllegalArgumentException("maxOffsetsPerTrigger must be zero (no limit) or positive");
        }
        if (onlineTtl.isNegative()) {
            throw new IllegalArgumentException("the online TTL must be zero (none) or positive");
        }
    }

    /** The feature set's declared values: its trigger and TTL, no batch limit, running until stopped. */
    public static OnlineJobSettings declared(FeatureSetSpec spec) {
        return new OnlineJobSettings(spec.onlineTrigger(), 0, spec.onlineTtl(), RunMode.CONTINUOUS);
    }

    /** These settings with another run mode. */
    public OnlineJobSettings withRunMode(RunMode mode) {
        return new OnlineJobSettings(triggerInterval, maxOffsetsPerTrigger, onlineTtl, mode);
    }

    /** These settings with another batch limit. */
    public OnlineJobSettings withMaxOffsetsPerTrigger(long max) {
        return new OnlineJobSettings(triggerInterval, max, onlineTtl, runMode);
    }

    /** Whether a job runs until stopped or until it has caught up with the source. */
    public enum RunMode {
        /** Micro-batches every trigger interval until stopped: production. */
        CONTINUOUS,
        /** Processes what the source holds when the job starts, in as many micro-batches as needed, then stops. */
        AVAILABLE_NOW
    }
}
