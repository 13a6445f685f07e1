package dev.freshet.core.error;

import dev.freshet.core.naming.DidYouMean;
import java.util.Collection;

/** One factory method per failure, so that messages stay consistent and each says how to fix the problem. */
public final class FreshetErrors {

    private FreshetErrors() {}

    /** A feature set was asked for by a name no feature set has. */
    public static FreshetException unknownFeatureSet(String name, Collection<String> known) {
        return new FreshetException(null, "no feature set is called \"" + name + "\"" + DidYouMean.hint(name, known)
                + (known.isEmpty() ? "; none is on the class path: is Freshet's annotation processor configured?"
                        : "; known feature sets: " + String.join(", ", known)), null);
    }

    /** Two generated providers on the class path declare the same feature-set name. */
    public static FreshetException duplicateFeatureSet(String name, String firstClass, String secondClass) {
        return new FreshetException(name, "declared twice on the class path, by " + firstClass + " and " + secondClass
                + "; feature-set names must be unique: rename one", null);
    }

    /** A class listed in a class-path index cannot be loaded or instantiated. */
    public static FreshetException unloadableProvider(String className, String resource, Throwable cause) {
        return new FreshetException(null, "cannot load feature-set provider " + className + " listed in " + resource
                + ": " + cause + "; rebuild the module that declares it (mvn clean install)", cause);
    }

    /** A configured value is invalid. */
    public static FreshetException invalidSetting(String featureSet, String property, String value, String why) {
        return new FreshetException(featureSet, "property " + property + " = \"" + value + "\" " + why, null);
    }

    /** Spark's analysis of the transform at run time disagrees with the schema the processor computed. */
    public static FreshetException schemaDrift(String featureSet, String expected, String actual) {
        return new FreshetException(featureSet, "the transform's output schema at run time is " + actual
                + ", but the processor computed " + expected + " at compile time; recompile the feature set with the"
                + " Spark version it runs on", null);
    }

    /** A checkpoint was written by an incompatible definition of the feature set. */
    public static FreshetException incompatibleCheckpoint(String featureSet, String checkpoint, String recorded,
            String current) {
        return new FreshetException(featureSet, "checkpoint " + checkpoint + " was written for definition " + recorded
                + " but the feature set is now " + current + "; a changed key or aggregation cannot resume from old"
                + " state: delete the checkpoint to reprocess the source from its starting offsets, or point"
                + " freshet.checkpoint-root elsewhere", null);
    }

    /** A streaming job failed. */
    public static FreshetException jobFailed(String featureSet, String job, Throwable cause) {
        return new FreshetException(featureSet, "the " + job + " job failed: " + cause.getMessage(), cause);
    }
}
