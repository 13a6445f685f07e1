package dev.freshet.core.error;

import dev.freshet.api.online.EntityKey;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.time.DurationLiteral;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** One factory method per failure, so that messages stay consistent and each says how to fix the problem. */
public final class FreshetErrors {

    private FreshetErrors() {}

    /** A feature set was asked for by a name no feature set has. */
    public static FreshetException unknownFeatureSet(String name, Collection<String> known) {
        return new FreshetException(null, "no feature set is called \"" + name + "\"" + DidYouMean.hint(name, known)
                + (known.isEmpty() ? "; none is on the class path: is Freshet's annotation processor configured?"
                        : "; known feature sets: " + String.join(", ", known)), null, false);
    }

    /** Two generated providers on the class path declare the same feature-set name. */
    public static FreshetException duplicateFeatureSet(String name, String firstClass, String secondClass) {
        return new FreshetException(name, "declared twice on the class path, by " + firstClass + " and " + secondClass
                + "; feature-set names must be unique: rename one", null, false);
    }

    /** A class listed in a class-path index cannot be loaded or instantiated. */
    public static FreshetException unloadableProvider(String className, String resource, Throwable cause) {
        return new FreshetException(null, "cannot load feature-set provider " + className + " listed in " + resource
                + ": " + cause + "; rebuild the module that declares it (mvn clean install)", cause, false);
    }

    /** A configured value is invalid. */
    public static FreshetException invalidSetting(String featureSet, String property, String value, String why) {
        return new FreshetException(featureSet, "property " + property + " = \"" + value + "\" " + why, null, false);
    }

    /** Spark's analysis of the transform at run time disagrees with the schema the processor computed. */
    public static FreshetException schemaDrift(String featureSet, String expected, String actual) {
        return new FreshetException(featureSet, "the transform's output schema at run time is " + actual
                + ", but the processor computed " + expected + " at compile time; recompile the feature set with the"
                + " Spark version it runs on", null, false);
    }

    /** A checkpoint was written by an incompatible definition of the feature set. */
    public static FreshetException incompatibleCheckpoint(String featureSet, String checkpoint, String recorded,
            String current) {
        return new FreshetException(featureSet, "checkpoint " + checkpoint + " was written for definition " + recorded
                + " but the feature set is now " + current + "; a changed key or aggregation cannot resume from old"
                + " state: delete the checkpoint to reprocess the source from its starting offsets, or point"
                + " freshet.checkpoint-root elsewhere", null, false);
    }

    /** A streaming job failed. */
    public static FreshetException jobFailed(String featureSet, String job, Throwable cause) {
        return new FreshetException(featureSet, "the " + job + " job failed: " + cause.getMessage(), cause);
    }

    /**
     * A read of an aggregated feature set as of {@code time}, before the earliest instant its stored tiles answer:
     * the online job pruned tiles the read needs.
     *
     * @param newestEventTime    the key's newest event time, as stored
     * @param maxEventTimeSkew   how far before its newest event the job keeps a key's tiles for reads
     * @param earliestAnswerable the earliest instant from which every read of the key is answered
     */
    public static UnanswerableReadException prunedTiles(String featureSet, EntityKey key, Instant time,
            Instant newestEventTime, Duration maxEventTimeSkew, Instant earliestAnswerable) {
        return new UnanswerableReadException(featureSet, "key " + key + " cannot be read as of " + time
                + ": the online job has pruned tiles this read needs (it keeps a key's tiles for reads from "
                + (maxEventTimeSkew.isZero() ? "" : DurationLiteral.format(maxEventTimeSkew) + " before ")
                + "its newest event, here " + newestEventTime + "); the stored tiles answer reads of this key as of " + earliestAnswerable + " or later. Read at"
                + " such an instant, or use point-in-time retrieval from the offline store for older ones", time,
                earliestAnswerable);
    }

    /**
     * A read of a row-level feature set as of {@code time}, before the event time of the values the online store
     * holds: it keeps each key's newest values only.
     *
     * @param eventTime event time of the stored values
     */
    public static UnanswerableReadException newerValuesOnly(String featureSet, EntityKey key, Instant time,
            Instant eventTime) {
        return new UnanswerableReadException(featureSet, "key " + key + " cannot be read as of " + time
                + ": the online store keeps only each key's newest values, and those of this key come from its event"
                + " at " + eventTime + ", after that instant; it answers reads of this key as of " + eventTime
                + " or later. Read at such an instant, or use point-in-time retrieval from the offline store for older"
                + " ones", time, eventTime);
    }
}
