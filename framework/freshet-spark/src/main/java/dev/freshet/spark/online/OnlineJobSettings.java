package dev.freshet.spark.online;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.TiledAggregation;
import java.time.Duration;

/**
 * How one online job runs: the effective values, after operator overrides of the feature set's declared defaults.
 *
 * @param triggerInterval      interval between micro-batches
 * @param maxOffsetsPerTrigger upper bound of records per micro-batch; zero for none
 * @param onlineTtl            how long a key stays in the online store after its last write; zero keeps it for ever
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

    /**
     * The feature set's declared values: its trigger and TTL, no batch limit, running until stopped. A feature set that
     * declares no TTL gets the default: none for a row-level set (keys stay until overwritten), and for an aggregated
     * one as long as a window can still need a key's tiles after its newest event, plus the allowed lateness.
     */
    public static OnlineJobSettings declared(FeatureSetSpec spec) {
        return new OnlineJobSettings(spec.onlineTrigger(), 0, declaredTtl(spec), RunMode.CONTINUOUS);
    }

    /** The TTL {@code spec} declares, or its default when it declares none (see {@link #declared}). */
    public static Duration declaredTtl(FeatureSetSpec spec) {
        if (!spec.onlineTtl().isZero()) {
            return spec.onlineTtl();
        }
        return spec.aggregated() ? TiledAggregation.of(spec).defaultTtl() : Duration.ZERO;
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
