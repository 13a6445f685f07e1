package dev.freshet.spark.submit;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.catalog.FeatureSetCatalog;
import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.FreshetEngine;
import dev.freshet.spark.FreshetSparkConf;
import dev.freshet.core.job.JobKind;
import dev.freshet.spark.job.JobStatus;
import dev.freshet.spark.job.SupervisedJob;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of Freshet's jobs as Spark applications, for {@code spark-submit}: runs one job kind of some or all
 * of the feature sets compiled into the application jar, on the SparkSession spark-submit provides, with an engine
 * configured as the Spring Boot starter configures its own ({@link JobConfiguration}).
 *
 * <pre>{@code
 * spark-submit --master spark://host:7077 --class dev.freshet.spark.submit.FreshetJobMain app.jar \
 *     --job online --feature-set user-last-transaction \
 *     --conf spring.kafka.bootstrap-servers=kafka:9092 --conf spring.data.redis.host=redis \
 *     --conf freshet.checkpoint-root=s3a://bucket/checkpoints
 * }</pre>
 *
 * <ul>
 *   <li>{@code online}: supervises the online jobs (restarted as {@code freshet.online.restart.*} says) until the
 *       application is stopped; exits 1 as soon as one is given up, stopping the others, so that the cluster manager
 *       sees the failure;
 *   <li>{@code offline}: one offline run of each feature set, until it has caught up with its source, then exits;
 *   <li>{@code backfill}: runs the backfills (resuming any stopped part-way), then exits.
 * </ul>
 *
 * <p>Exit codes: 0 done (or stopped), 1 a job failed, 2 bad arguments, configuration or feature-set names (the
 * message says which; nothing was started).
 */
public final class FreshetJobMain {

    /** A job failed. */
    static final int FAILED = 1;
    /** The arguments, the configuration or a feature-set name is wrong. */
    static final int BAD_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(FreshetJobMain.class);

    private FreshetJobMain() {}

    /** Runs the job the arguments name and exits with its code (see the class). */
    public static void main(String[] args) {
        int code = run(List.of(args), System.getenv(),
                () -> FeatureSetCatalog.discover(Thread.currentThread().getContextClassLoader()),
                FreshetJobMain::session, System.err);
        System.exit(code);
    }

    /**
     * Runs the job {@code args} name.
     *
     * @param catalog the feature sets on the class path, asked for once the arguments are read
     * @param spark   the session, asked for only once the arguments, configuration and names are right
     * @param err     where a bad argument, setting or name is reported
     * @return the exit code (see the class)
     */
    static int run(List<String> args, Map<String, String> environment, Supplier<FeatureSetCatalog> catalog,
            Supplier<SparkSession> spark, PrintStream err) {
        JobArguments arguments;
        JobConfiguration configuration;
        List<FeatureSetSpec> featureSets;
        try {
            arguments = JobArguments.parse(args);
            configuration = JobConfiguration.of(arguments, environment);
            featureSets = featureSets(arguments, catalog.get());
        } catch (IllegalArgumentException | FreshetException e) {
            err.println("FreshetJobMain: " + e.getMessage());
            return BAD_USAGE;
        }
        if (!configuration.unread().isEmpty()) {
            LOG.info("FreshetJobMain: these properties are not read by a submitted job (only the starter reads"
                    + " them, or they are misspelt): {}", configuration.unread());
        }
        SparkSession session = spark.get();
        FreshetEngine engine;
        try {
            engine = configuration.engine(session, catalog.get());
        } catch (IllegalArgumentException | FreshetException e) {
            err.println("FreshetJobMain: " + e.getMessage());
            return BAD_USAGE;
        }
        try (engine) {
            List<String> names = featureSets.stream().map(FeatureSetSpec::name).toList();
            LOG.info("FreshetJobMain: running the {} job of {} on {}", arguments.job().label(), names,
                    session.sparkContext().master());
            return switch (arguments.job()) {
                case ONLINE -> online(engine, configuration, featureSets);
                case OFFLINE -> bounded(names, name -> engine.runOffline(name));
                case BACKFILL -> bounded(names, name -> engine.runBackfill(name));
            };
        }
    }

    /** The feature sets {@code args} name, in their order; with {@code --all}, those the job kind applies to. */
    static List<FeatureSetSpec> featureSets(JobArguments args, FeatureSetCatalog catalog) {
        boolean backfill = args.job() == JobKind.BACKFILL;
        List<FeatureSetSpec> specs = new ArrayList<>();
        if (args.all()) {
            catalog.all().stream().filter(s -> !backfill || s.backfill().isPresent()).forEach(specs::add);
            if (specs.isEmpty()) {
                throw new IllegalArgumentException(catalog.all().isEmpty()
                        ? FreshetErrors.unknownFeatureSet("--all", List.of()).getMessage()
                        : "--all --job backfill: no feature set on the class path declares a backfill (@Backfill)");
            }
            return specs;
        }
        for (String name : args.featureSets()) {
            FeatureSetSpec spec = catalog.get(name);
            if (backfill && spec.backfill().isEmpty()) {
                throw new IllegalArgumentException("--job backfill --feature-set " + name
                        + ": the feature set declares no backfill (@Backfill)");
            }
            specs.add(spec);
        }
        return specs;
    }

    /** Supervises the online jobs until all are stopped (0) or one is given up (1, the others stopped). */
    private static int online(FreshetEngine engine, JobConfiguration configuration, List<FeatureSetSpec> specs) {
        List<SupervisedJob> jobs = new ArrayList<>();
        for (FeatureSetSpec spec : specs) {
            jobs.add(engine.superviseOnline(spec.name(), configuration.onlineSettings(spec),
                    configuration.restartPolicy()));
        }
        try {
            while (true) {
                boolean allStopped = true;
                for (SupervisedJob job : jobs) {
                    JobStatus status = job.status();
                    if (status.state() == JobStatus.State.FAILED) {
                        LOG.error("FreshetJobMain: the online job of {} was given up ({}); stopping the others and"
                                + " exiting with {}", job.featureSet(), status.lastFailure()
                                .map(f -> f.cause().toString()).orElse("no cause"), FAILED);
                        jobs.forEach(j -> j.stop(configuration.stopTimeout()));
                        return FAILED;
                    }
                    allStopped &= status.state() == JobStatus.State.STOPPED;
                }
                if (allStopped) {
                    LOG.info("FreshetJobMain: the online jobs were stopped");
                    return 0;
                }
                // Polled, not waited for: a supervised job has no termination to wait on, it restarts by itself.
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.forEach(j -> j.stop(configuration.stopTimeout()));
            return 0;
        }
    }

    /** Runs {@code run} for each name; a failure is logged and the next one still runs; 1 if any failed. */
    private static int bounded(List<String> names, java.util.function.Consumer<String> run) {
        int code = 0;
        for (String name : names) {
            try {
                run.accept(name);
            } catch (RuntimeException e) {
                LOG.error("FreshetJobMain: {} failed", name, e);
                code = FAILED;
            }
        }
        return code;
    }

    /**
     * The session spark-submit configured, with Freshet's defaults ({@link FreshetSparkConf}) for what it does not
     * set: Delta's extension and catalog, the UTC session time zone, the RocksDB state store, redaction.
     */
    private static SparkSession session() {
        SparkConf submitted = new SparkConf();
        if (!submitted.contains("spark.master")) {
            throw new IllegalStateException("spark.master is not set: run FreshetJobMain with spark-submit --master"
                    + " <url>, or set -Dspark.master");
        }
        SparkSession.Builder builder = SparkSession.builder();
        FreshetSparkConf.defaults(submitted.get("spark.master")).forEach((key, value) -> {
            if (!submitted.contains(key)) {
                builder.config(key, value);
            }
        });
        return builder.getOrCreate();
    }
}
