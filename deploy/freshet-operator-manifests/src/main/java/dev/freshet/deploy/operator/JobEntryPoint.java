package dev.freshet.deploy.operator;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.job.JobKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a manifest starts a Freshet job: the entry point's main class and its command line. This is the one place the
 * generator knows them; they must match {@code dev.freshet.spark.submit.FreshetJobMain} in {@code freshet-spark}.
 *
 * <pre>{@code
 * JobEntryPoint.arguments("user-risk", JobKind.ONLINE, Map.of("freshet.checkpoint-root", "s3a://b/checkpoints"));
 * // [--feature-set, user-risk, --job, online, --conf, freshet.checkpoint-root=s3a://b/checkpoints]
 * }</pre>
 */
public final class JobEntryPoint {

    /** The entry point's main class, in the application jar (which carries {@code freshet-spark}). */
    public static final String MAIN_CLASS = "dev.freshet.spark.submit.FreshetJobMain";
    /** Names one feature set whose job runs; may be repeated. */
    public static final String FEATURE_SET = "--feature-set";
    /** Runs the job of every feature set of the class path instead of named ones. */
    public static final String ALL = "--all";
    /** The kind of job to run, followed by {@link JobKind#label()}: {@code online}, {@code offline} or {@code backfill}. */
    public static final String JOB = "--job";
    /** One Freshet (or Spring) setting for the job, followed by {@code key=value}; may be repeated. */
    public static final String CONF = "--conf";
    /**
     * The environment variable the Redis password is given in: Spring's relaxed name of
     * {@code spring.data.redis.password}, the property the starter reads it from.
     */
    public static final String REDIS_PASSWORD_VARIABLE = "SPRING_DATA_REDIS_PASSWORD";

    private JobEntryPoint() {}

    /**
     * The arguments that run {@code featureSet}'s job of {@code kind} with {@code conf}, in the order of
     * {@code conf}'s entries.
     */
    public static List<String> arguments(String featureSet, JobKind kind, Map<String, String> conf) {
        requireNonNull(featureSet, "featureSet");
        List<String> args = new ArrayList<>(List.of(FEATURE_SET, featureSet, JOB, requireNonNull(kind, "kind").label()));
        conf.forEach((key, value) -> {
            args.add(CONF);
            args.add(key + "=" + value);
        });
        return List.copyOf(args);
    }
}
