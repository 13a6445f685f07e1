package dev.freshet.core.error;

import dev.freshet.api.online.EntityKey;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.naming.FeatureSetName;
import dev.freshet.core.time.DurationLiteral;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One factory method per failure, so that messages stay consistent and each says how to fix the problem. */
public final class FreshetErrors {

    /** A feature-set name ending in a version number, such as {@code user-transactions-v2}. */
    private static final Pattern NUMBERED = Pattern.compile("(.*-v)(\\d{1,9})");

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

    /**
     * A whole-Dataset transform's actual output does not have the columns its record declares.
     *
     * @param method   the transform method, as the processor named it
     * @param output   the record declaring the output
     * @param problems each missing or mistyped column, such as {@code column "amount" is missing} or
     *                 {@code column "user_id" is bigint, declared string}
     */
    public static FreshetException datasetTransformSchema(String featureSet, String method, String output,
            List<String> problems) {
        return new FreshetException(featureSet, "the Dataset transform " + method + " returns a Dataset whose schema"
                + " is not the one its output record " + output + " declares: " + String.join("; ", problems)
                + ". Return every component of the record as a column of its type (select and cast them at the end"
                + " of the method), or change the record", null, false);
    }

    /**
     * A backfill SQL's output does not hold the stream source's columns with their types, which the feature set's
     * transform reads (the processor says the same at compile time when it knows the batch sources' columns).
     *
     * @param source   the stream source's name
     * @param problems each missing or mistyped column, as {@link #backfillColumnMissing} and
     *                 {@link #backfillColumnMistyped} word them
     */
    public static FreshetException backfillSchema(String featureSet, String source, List<String> problems) {
        return new FreshetException(featureSet, backfillSchemaText(source, problems), null, false);
    }

    /**
     * The text of {@link #backfillSchema}, without the feature set: the processor reports it at compile time when the
     * batch sources' columns are declared, the job at its start when they are only known from the data.
     */
    public static String backfillSchemaText(String source, List<String> problems) {
        return "the backfill SQL's output does not hold the columns of stream source \"" + source + "\": "
                + String.join("; ", problems) + ". Select every column of the stream source with its type in the"
                + " backfill SQL (rename and CAST the batch sources' columns)" + READ_AS_STREAMED;
    }

    /** Why a backfill's rows must hold the stream source's columns, the end of the backfill schema messages. */
    private static final String READ_AS_STREAMED = ", so that the feature set's transform reads backfilled rows as it"
            + " reads the stream's";

    /**
     * The Dataset a backfill transform returned does not hold the stream source's columns with their types, which the
     * feature set's transform reads.
     *
     * @param method   the backfill transform, as {@code com.example.UserSpend.history(SparkSession)}
     * @param source   the stream source's name
     * @param problems each missing or mistyped column, as {@link #backfillColumnMissing} and
     *                 {@link #backfillColumnMistyped} word them
     */
    public static FreshetException backfillTransformSchema(String featureSet, String method, String source,
            List<String> problems) {
        return new FreshetException(featureSet, "the Dataset the backfill transform " + method + " returns does not"
                + " hold the columns of stream source \"" + source + "\": " + String.join("; ", problems)
                + ". Return every column of the stream source with its type from the method (rename and cast the"
                + " batch sources' columns)" + READ_AS_STREAMED, null, false);
    }

    /**
     * A backfill transform threw, or returned no Dataset, while the backfill built a slice's plan, before it read a
     * row of the slice.
     *
     * @param method the backfill transform, as {@code com.example.UserSpend.history(SparkSession)}
     */
    public static FreshetException backfillTransformFailed(String featureSet, String method, RuntimeException e) {
        return backfillTransformError(featureSet, method + " threw " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
    }

    /** A backfill transform returned {@code returned} (such as {@code null}) instead of a {@code Dataset<Row>}. */
    public static FreshetException backfillTransformReturned(String featureSet, String method, String returned) {
        return backfillTransformError(featureSet, method + " returned " + returned + " instead of a Dataset<Row>",
                null);
    }

    private static FreshetException backfillTransformError(String featureSet, String what, Throwable cause) {
        return new FreshetException(featureSet, "the backfill transform " + what + " while the backfill built its"
                + " plan, before it read a row; fix the method (running the backfill again runs it the same way)",
                cause, false);
    }

    /**
     * One problem of {@link #backfillSchema}: the output has no column {@code column}, which the stream source has
     * with the Spark SQL type {@code sqlType}: {@code column "amount" (double) is missing}.
     */
    public static String backfillColumnMissing(String column, String sqlType) {
        return "column \"" + column + "\" (" + sqlType + ") is missing";
    }

    /**
     * One problem of {@link #backfillSchema}: the output's column {@code column} is of Spark SQL type {@code actual},
     * the stream source's of {@code expected}: {@code column "user_id" is bigint, the source's is string}.
     */
    public static String backfillColumnMistyped(String column, String actual, String expected) {
        return "column \"" + column + "\" is " + actual + ", the source's is " + expected;
    }

    /**
     * What explains {@code e} best: the first {@link FreshetException} in its chain of causes (its message says what
     * to do), else the root cause.
     */
    public static Throwable explanation(Throwable e) {
        Throwable t = e;
        while (!(t instanceof FreshetException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * A slice of a backfill failed: which part of the time range, which batch sources it read, and the cause. The
     * slices before it are committed; running the backfill again resumes with this one.
     *
     * @param from    the slice's first event time, inclusive
     * @param until   the slice's end, exclusive
     * @param sources the batch sources the slice read (name and location)
     */
    public static FreshetException backfillFailed(String featureSet, Instant from, Instant until, List<String> sources,
            Throwable cause) {
        return new FreshetException(featureSet, "the backfill failed in the slice of event times from " + from
                + " to " + until + ", reading " + String.join(", ", sources) + ": " + cause.getMessage()
                + ". The slices before it are committed; running the backfill again resumes with this slice", cause);
    }

    /**
     * A backfill's tiles could not be built or written after its slices were committed.
     *
     * @param store where the tiles go
     */
    public static FreshetException backfillTilesFailed(String featureSet, String store, Throwable cause) {
        return new FreshetException(featureSet, "the backfill failed writing its tiles to " + store + ": "
                + cause.getMessage() + ". Its slices are committed; running the backfill again writes them", cause);
    }

    /**
     * A Kafka job of a feature set with a backfill started before the backfill completed: it would serve tiles
     * without the backfilled history, and a later backfill could not seed them.
     *
     * @param backfill the backfill's id
     */
    public static FreshetException backfillNotComplete(String featureSet, String backfill, Instant end) {
        return new FreshetException(featureSet, "the online job cannot start before the feature set's backfill "
                + backfill + " (events before " + end + ") has completed: run the backfill first (the Spring Boot"
                + " starter runs it before the online job; in code, FreshetEngine.runBackfill)", null, false);
    }

    /**
     * The offline table holds the rows of another backfill of the feature set than the one declared now: running the
     * new one would add its events a second time.
     *
     * @param table    the offline table
     * @param recorded the id of the backfill whose rows the table holds
     * @param current  the id of the backfill declared now
     */
    public static FreshetException backfillChanged(String featureSet, String table, String recorded, String current) {
        return new FreshetException(featureSet, "the offline table " + table + " holds the rows of backfill "
                + recorded + ", and the feature set now declares another backfill (" + current + ": its range, batch"
                + " sources, SQL or transform changed). Freshet does not mix two backfills: to run the new one, reset"
                + " the feature set (delete its offline table and the checkpoints of its jobs, and its keys in the"
                + " online store), or restore the earlier backfill declaration", null, false);
    }

    /** A whole-Dataset transform threw while the job built its query, before any record was read. */
    public static FreshetException datasetTransformFailed(String featureSet, String method, RuntimeException e) {
        return new FreshetException(featureSet, "the Dataset transform " + method + " threw " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + " while the job built its query, before it read"
                + " any record; fix the method (a restart runs it again the same way)", e, false);
    }

    /** Spark's analysis of the transform at run time disagrees with the schema the processor computed. */
    public static FreshetException schemaDrift(String featureSet, String expected, String actual) {
        return new FreshetException(featureSet, "the transform's output schema at run time is " + actual
                + ", but the processor computed " + expected + " at compile time; recompile the feature set with the"
                + " Spark version it runs on", null, false);
    }

    /**
     * A job's checkpoint was written for a definition of the feature set that the current one cannot resume from.
     *
     * @param job             which job, such as {@code online}
     * @param checkpoint      the checkpoint directory
     * @param changes         each change that prevents resuming, such as {@code key: user_id STRING -> account_id
     *                        STRING}
     * @param stores          where the job wrote besides the checkpoint, such as {@code Redis at 127.0.0.1:6379, keys
     *                        freshet:user-transactions:*}
     * @param startingOffsets where a job with a new checkpoint starts reading: {@code EARLIEST} or {@code LATEST}
     */
    public static FreshetException incompatibleCheckpoint(String featureSet, String job, String checkpoint,
            List<String> changes, List<String> stores, String startingOffsets) {
        return new FreshetException(featureSet, "the " + job + " job cannot resume from checkpoint " + checkpoint
                + ", which was written for another definition of the feature set: " + String.join("; ", changes)
                + ". Resuming would mix data of both definitions in its state and stores. " + migration(featureSet,
                        job, "the checkpoint directory " + checkpoint + (stores.isEmpty() ? ""
                                : " and what the job wrote (" + String.join("; ", stores) + ")"), startingOffsets),
                null, false);
    }

    /**
     * The offline table of a feature set holds columns its current definition no longer writes as they were.
     *
     * @param table           where the table is
     * @param checkpoint      the offline job's checkpoint directory
     * @param changes         each column removed or retyped, such as {@code column removed: ok BOOLEAN}
     * @param startingOffsets where a job with a new checkpoint starts reading: {@code EARLIEST} or {@code LATEST}
     */
    public static FreshetException incompatibleOfflineTable(String featureSet, String table, String checkpoint,
            List<String> changes, String startingOffsets) {
        return new FreshetException(featureSet, "the offline table " + table + " holds columns the feature set no"
                + " longer writes as they were: " + String.join("; ", changes) + ". Freshet adds new columns to a"
                + " table but never drops or retypes one. " + migration(featureSet, "offline", "the Delta table at "
                        + table + " and the checkpoint directory " + checkpoint, startingOffsets), null, false);
    }

    /** How to migrate a job that cannot go on with a changed definition: a new name, or a reset deleting {@code what}. */
    private static String migration(String featureSet, String job, String what, String startingOffsets) {
        String renamed = renamed(featureSet);
        return "Either declare the changed feature set under a new name" + (renamed.isEmpty() ? ""
                : ", such as \"" + renamed + "\"") + " (feature sets have no versions: a new name has checkpoints,"
                + " Redis keys and a Delta table of its own, and the old feature set can keep running until its"
                + " readers have moved), or reset the " + job + " job: stop it, delete " + what + ", and start it"
                + " again; it then reads the source from its starting offsets (" + ("LATEST".equals(startingOffsets)
                        ? "LATEST: only records produced after the restart"
                        : startingOffsets + ": everything the topics still hold") + ")";
    }

    /**
     * The record of the definition a job's checkpoint was written for cannot be read.
     *
     * @param file the record
     * @param why  what is wrong with it
     */
    public static FreshetException unreadableCheckpointRecord(String featureSet, String job, String file,
            String why) {
        return new FreshetException(featureSet, "cannot read " + file + ", the definition the " + job + " job's"
                + " checkpoint was written for: " + why + "; if a newer version of Freshet wrote it, run that"
                + " version, otherwise reset the " + job + " job (delete its checkpoint directory and what it wrote)",
                null, false);
    }

    /** A new name for a changed feature set: {@code <name>-v2}, or the next number; empty if it would be too long. */
    private static String renamed(String featureSet) {
        Matcher numbered = NUMBERED.matcher(featureSet);
        String renamed = numbered.matches()
                ? numbered.group(1) + (Long.parseLong(numbered.group(2)) + 1)
                : featureSet + "-v2";
        return renamed.length() <= FeatureSetName.MAX_LENGTH ? renamed : "";
    }

    /**
     * A job cannot start because topics its source reads do not exist. A restart cannot fix it: someone has to create
     * them (or let Freshet create them), so the job stops once, saying so, instead of failing on every retry.
     *
     * @param source           the source's name
     * @param topics           the topics that do not exist
     * @param bootstrapServers where Freshet looked
     */
    public static FreshetException missingSourceTopics(String featureSet, String source, List<String> topics,
            String bootstrapServers) {
        String named = String.join(", ", topics.stream().map(t -> "\"" + t + "\"").toList());
        boolean one = topics.size() == 1;
        return new FreshetException(featureSet, "source \"" + source + "\" reads Kafka topic" + (one ? " " : "s ")
                + named + ", which " + (one ? "does" : "do") + " not exist on the brokers at " + bootstrapServers
                + "; create " + (one ? "it" : "them") + " (kafka-topics.sh --bootstrap-server " + bootstrapServers
                + " --create --topic " + (one ? topics.get(0) : "<topic>, for each") + "), or let the job create"
                + " missing source topics when it"
                + " starts: freshet.kafka.create-missing-source-topics=true (FreshetEngine.Builder"
                + ".createMissingSourceTopics)", null, false);
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

    /** A catalog resource is not JSON, or a member of it is missing or of the wrong kind. */
    public static FreshetException catalogUnreadable(String resource, String path, String why) {
        return new FreshetException(null, "cannot read the Freshet catalog " + resource + (path.isEmpty() ? ""
                : " at " + path) + ": " + why + "; it is generated by Freshet's annotation processor: rebuild the"
                + " module that holds it rather than editing it", null, false);
    }

    /** A catalog resource was written in a catalog version this reader does not know. */
    public static FreshetException catalogVersionUnsupported(String resource, int version, int supported) {
        return new FreshetException(null, "the Freshet catalog " + resource + " has catalogVersion " + version
                + ", but this Freshet reads catalogVersion " + supported + " (and none later): upgrade Freshet on the"
                + " reading side to the version that built that jar, or rebuild the jar with this Freshet", null,
                false);
    }
}
