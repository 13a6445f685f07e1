package dev.freshet.deploy.operator;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.ClusterTemplate;
import dev.freshet.api.spec.KafkaSecuritySpec;
import dev.freshet.api.spec.KafkaSinkSpec;
import dev.freshet.core.catalog.CatalogDocument;
import dev.freshet.core.catalog.CatalogEntry;
import dev.freshet.core.cluster.ClusterTemplateSizes;
import dev.freshet.core.cluster.SparkResources;
import dev.freshet.core.job.JobKind;
import dev.freshet.core.naming.DidYouMean;
import dev.freshet.core.secret.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Writes the Kubernetes Spark Operator manifests ({@code sparkoperator.k8s.io/v1beta2}) of the jobs a catalog
 * describes: for each feature set a {@code SparkApplication} for its online job (restart policy {@code Always}), a
 * {@code ScheduledSparkApplication} for its offline job on its cron schedule, and, if it has a backfill, a
 * {@code SparkApplication} for it (restart policy {@code OnFailure}). Each runs {@link JobEntryPoint#MAIN_CLASS} for
 * its feature set and job, sized by the cluster template its feature set declares for that job.
 *
 * <p>No manifest holds a secret's value: the Redis password and the secrets {@code @KafkaSecurity} names are
 * {@code secretKeyRef}s into Kubernetes Secrets (or a mounted Secret), and settings that look like credentials are
 * refused by {@link ManifestOptions}. The output is deterministic: manifests sorted by feature set and job, maps by
 * key.
 *
 * <pre>{@code
 * CatalogDocument catalog = CatalogFiles.read(Path.of("target/app.jar"));
 * ManifestGenerator generator = new ManifestGenerator(
 *         ManifestOptions.builder("s3a://features/checkpoints", "s3a://features/offline").build());
 * generator.write(generator.manifests(catalog), Path.of("manifests"));
 * }</pre>
 */
public final class ManifestGenerator {

    /** The API version of the operator's resources. */
    public static final String API_VERSION = "sparkoperator.k8s.io/v1beta2";
    /** The kind of an online job's and a backfill's manifest. */
    public static final String SPARK_APPLICATION = "SparkApplication";
    /** The kind of an offline job's manifest. */
    public static final String SCHEDULED_SPARK_APPLICATION = "ScheduledSparkApplication";

    /** Seconds the operator waits before it restarts a failed online job. */
    static final long ONLINE_RETRY_INTERVAL = 10;
    /** Seconds before a failed submission (an online job's or a backfill's) is retried. */
    static final long SUBMISSION_RETRY_INTERVAL = 30;
    /** How often a failed backfill is run again (it resumes with the slice it was in) and how long apart. */
    static final int BACKFILL_RETRIES = 3;
    static final long BACKFILL_RETRY_INTERVAL = 60;
    /** Past offline runs the operator keeps, succeeded and failed. */
    static final int SUCCESSFUL_RUNS_KEPT = 1;
    static final int FAILED_RUNS_KEPT = 3;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /** Delta Lake's session settings, which every Freshet job needs. */
    private static final Map<String, String> DELTA = Map.of(
            "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
            "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");

    private final ManifestOptions options;
    private final ClusterTemplateSizes sizes;

    /** A generator writing with {@code options}. */
    public ManifestGenerator(ManifestOptions options) {
        this.options = requireNonNull(options, "options");
        this.sizes = options.sizes();
    }

    /**
     * The manifests of {@code catalog}'s feature sets (those {@link ManifestOptions#featureSets()} names, or all),
     * sorted by feature set, then online, offline, backfill.
     *
     * @throws IllegalArgumentException if a named feature set is not in the catalog, a feature set's name makes no
     *     Kubernetes name, or its offline schedule is no cron expression
     */
    public List<Manifest> manifests(CatalogDocument catalog) {
        List<CatalogEntry> entries = selected(catalog);
        List<Manifest> manifests = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (CatalogEntry entry : entries) {
            String base = entry.name().toLowerCase(Locale.ROOT);
            if (!DNS_LABEL.matcher(base).matches()) {
                throw new IllegalArgumentException("feature set \"" + entry.name() + "\" makes no Kubernetes name: a"
                        + " name must start and end with a letter or digit");
            }
            String other = names.putIfAbsent(base, entry.name());
            if (other != null) {
                throw new IllegalArgumentException("feature sets \"" + other + "\" and \"" + entry.name() + "\" make"
                        + " the same Kubernetes name \"" + base + "\", which is lower case: write manifests for one"
                        + " of them at a time (--feature-set)");
            }
            manifests.add(online(entry, base + "-" + JobKind.ONLINE.label()));
            manifests.add(offline(entry, base + "-" + JobKind.OFFLINE.label()));
            if (entry.backfill().isPresent()) {
                manifests.add(backfill(entry, base + "-" + JobKind.BACKFILL.label()));
            }
        }
        return List.copyOf(manifests);
    }

    /**
     * Writes each manifest to {@code <directory>/<name>.yaml}, creating the directory.
     *
     * @return the files written, in the order of {@code manifests}
     */
    public List<Path> write(List<Manifest> manifests, Path directory) throws IOException {
        Files.createDirectories(directory);
        List<Path> files = new ArrayList<>();
        for (Manifest m : manifests) {
            Path file = directory.resolve(m.fileName());
            Files.writeString(file, m.yaml(), StandardCharsets.UTF_8);
            files.add(file);
        }
        return files;
    }

    private List<CatalogEntry> selected(CatalogDocument catalog) {
        if (options.featureSets().isEmpty()) {
            return catalog.featureSets();
        }
        List<String> known = catalog.featureSets().stream().map(CatalogEntry::name).toList();
        for (String name : options.featureSets()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("feature set \"" + name + "\" is not in the catalog;"
                        + DidYouMean.closest(name, known).map(c -> " did you mean \"" + c + "\"?").orElse("")
                        + " it has " + String.join(", ", known));
            }
        }
        return catalog.featureSets().stream().filter(e -> options.featureSets().contains(e.name())).toList();
    }

    private Manifest online(CatalogEntry entry, String name) {
        Map<String, Object> restart = new TreeMap<>();
        restart.put("type", "Always");
        restart.put("onFailureRetryInterval", ONLINE_RETRY_INTERVAL);
        restart.put("onSubmissionFailureRetryInterval", SUBMISSION_RETRY_INTERVAL);
        Map<String, String> conf = new TreeMap<>();
        if (entry.backfill().isPresent()) {
            // The backfill has an application of its own, sized for it: the online job waits for it (failing to
            // start, and restarted by the operator) rather than running it on the online job's resources.
            conf.put("freshet.backfill.run-before-online", "false");
        }
        return application(SPARK_APPLICATION, name, entry, JobKind.ONLINE,
                applicationSpec(entry, JobKind.ONLINE, restart, conf), Map.of());
    }

    private Manifest offline(CatalogEntry entry, String name) {
        String written = options.offlineSchedule(entry);
        OperatorSchedule schedule;
        try {
            schedule = OperatorSchedule.of(written);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feature set \"" + entry.name() + "\": offline schedule "
                    + e.getMessage(), e);
        }
        // A run that fails is not retried: the next tick reads on from the offsets the failed run committed.
        Map<String, Object> restart = new TreeMap<>(Map.of("type", "Never"));
        Map<String, Object> spec = new TreeMap<>();
        spec.put("schedule", schedule.schedule());
        spec.put("timeZone", options.timeZone());
        // One offline run of a feature set at a time, as Freshet's run lease has it anyway.
        spec.put("concurrencyPolicy", "Forbid");
        spec.put("successfulRunHistoryLimit", SUCCESSFUL_RUNS_KEPT);
        spec.put("failedRunHistoryLimit", FAILED_RUNS_KEPT);
        spec.put("template", applicationSpec(entry, JobKind.OFFLINE, restart, Map.of()));
        Map<String, String> annotations = schedule.converted()
                ? Map.of("freshet.dev/offline-schedule", schedule.freshet()) : Map.of();
        return application(SCHEDULED_SPARK_APPLICATION, name, entry, JobKind.OFFLINE, spec, annotations);
    }

    private Manifest backfill(CatalogEntry entry, String name) {
        Map<String, Object> restart = new TreeMap<>();
        restart.put("type", "OnFailure");
        restart.put("onFailureRetries", BACKFILL_RETRIES);
        restart.put("onFailureRetryInterval", BACKFILL_RETRY_INTERVAL);
        restart.put("onSubmissionFailureRetries", BACKFILL_RETRIES);
        restart.put("onSubmissionFailureRetryInterval", SUBMISSION_RETRY_INTERVAL);
        return application(SPARK_APPLICATION, name, entry, JobKind.BACKFILL,
                applicationSpec(entry, JobKind.BACKFILL, restart, Map.of()), Map.of());
    }

    private Manifest application(String kind, String name, CatalogEntry entry, JobKind job, Map<String, Object> spec,
            Map<String, String> annotations) {
        Map<String, Object> metadata = new TreeMap<>();
        metadata.put("name", name);
        metadata.put("namespace", options.namespace());
        metadata.put("labels", labels(entry, job));
        Map<String, String> notes = new TreeMap<>(annotations);
        notes.put("freshet.dev/cluster-template", ClusterTemplateSizes.template(entry.templates(), job).name());
        metadata.put("annotations", notes);
        Map<String, Object> content = new TreeMap<>();
        content.put("apiVersion", API_VERSION);
        content.put("kind", kind);
        content.put("metadata", metadata);
        content.put("spec", spec);
        return new Manifest(kind, name, entry.name(), job, content);
    }

    /** A {@code SparkApplicationSpec}: what runs, on what, with which settings and secrets. */
    private Map<String, Object> applicationSpec(CatalogEntry entry, JobKind job, Map<String, Object> restartPolicy,
            Map<String, String> jobDefaults) {
        ClusterTemplate size = ClusterTemplateSizes.template(entry.templates(), job);
        SparkResources resources = sizes.resources(size);
        Map<String, String> labels = labels(entry, job);

        Map<String, String> conf = new TreeMap<>(jobDefaults);
        conf.put("freshet.checkpoint-root", options.checkpointRoot());
        conf.put("freshet.offline.root", options.offlineRoot());
        if (options.secretsAs() == ManifestOptions.SecretsAs.VOLUME) {
            conf.put("freshet.secrets.directory", options.secretsDirectory());
        }
        conf.putAll(options.jobConf());

        Map<String, String> sparkConf = new TreeMap<>(DELTA);
        sparkConf.put("spark.sql.shuffle.partitions", Integer.toString(resources.shufflePartitions()));
        sparkConf.putAll(options.sparkConf());

        Map<String, Object> driver = new TreeMap<>();
        driver.put("cores", resources.driverCores());
        driver.put("memory", resources.driverMemory().toString());
        driver.put("serviceAccount", options.serviceAccount());
        driver.put("labels", labels);
        List<Map<String, Object>> env = environment(entry);
        if (!env.isEmpty()) {
            driver.put("env", env);
        }
        if (options.secretsAs() == ManifestOptions.SecretsAs.VOLUME && !secretNames(entry).isEmpty()) {
            driver.put("secrets", List.of(new TreeMap<>(Map.of("name", options.secretName(),
                    "path", options.secretsDirectory(), "secretType", "Generic"))));
        }

        Map<String, Object> executor = new TreeMap<>();
        executor.put("cores", resources.executorCores());
        executor.put("memory", resources.executorMemory().toString());
        executor.put("instances", resources.executors());
        executor.put("labels", labels);

        Map<String, Object> spec = new TreeMap<>();
        spec.put("type", "Java");
        spec.put("mode", "cluster");
        spec.put("image", options.image());
        spec.put("mainClass", JobEntryPoint.MAIN_CLASS);
        spec.put("mainApplicationFile", options.applicationJar());
        spec.put("arguments", JobEntryPoint.arguments(entry.name(), job, conf));
        spec.put("sparkVersion", options.sparkVersion());
        spec.put("sparkConf", sparkConf);
        spec.put("restartPolicy", restartPolicy);
        spec.put("driver", driver);
        spec.put("executor", executor);
        return spec;
    }

    /**
     * The driver's environment: each secret the feature set's source and sinks name, and the Redis password, as a
     * variable read from a Secret. Freshet resolves secrets on the driver; executors get what they need from it.
     */
    private List<Map<String, Object>> environment(CatalogEntry entry) {
        Map<String, Map<String, Object>> byVariable = new TreeMap<>();
        if (options.secretsAs() == ManifestOptions.SecretsAs.ENV) {
            Map<String, String> secretOfVariable = new HashMap<>();
            for (String secret : secretNames(entry)) {
                String variable = SecretResolver.variable(secret);
                String other = secretOfVariable.putIfAbsent(variable, secret);
                if (other != null) {
                    throw new IllegalArgumentException("feature set \"" + entry.name() + "\": secrets \"" + other
                            + "\" and \"" + secret + "\" are both read from the environment variable " + variable
                            + ": rename one, or give secrets as a volume (--secrets-as volume)");
                }
                byVariable.put(variable, variable(variable, options.secretName(), secret));
            }
        }
        options.redisPassword().ifPresent(ref -> {
            if (byVariable.containsKey(JobEntryPoint.REDIS_PASSWORD_VARIABLE)) {
                throw new IllegalArgumentException("feature set \"" + entry.name() + "\" names a secret read from "
                        + JobEntryPoint.REDIS_PASSWORD_VARIABLE + ", the Redis password's variable: rename it");
            }
            byVariable.put(JobEntryPoint.REDIS_PASSWORD_VARIABLE,
                    variable(JobEntryPoint.REDIS_PASSWORD_VARIABLE, ref.secret(), ref.key()));
        });
        return List.copyOf(byVariable.values());
    }

    private static Map<String, Object> variable(String name, String secret, String key) {
        Map<String, Object> variable = new TreeMap<>();
        variable.put("name", name);
        variable.put("valueFrom", Map.of("secretKeyRef", new TreeMap<>(Map.of("name", secret, "key", key))));
        return variable;
    }

    /** The names of the secrets the feature set's source and sinks use, sorted. */
    static Set<String> secretNames(CatalogEntry entry) {
        Set<String> names = new TreeSet<>();
        addSecrets(names, entry.source().security());
        for (KafkaSinkSpec sink : entry.sinks()) {
            addSecrets(names, sink.security());
        }
        return names;
    }

    private static void addSecrets(Set<String> names, KafkaSecuritySpec security) {
        for (String name : List.of(security.usernameSecret(), security.passwordSecret(), security.truststoreSecret(),
                security.truststorePasswordSecret(), security.keystoreSecret(), security.keystorePasswordSecret())) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
    }

    private static Map<String, String> labels(CatalogEntry entry, JobKind job) {
        Map<String, String> labels = new TreeMap<>();
        labels.put("app.kubernetes.io/name", "freshet");
        labels.put("app.kubernetes.io/component", job.label());
        labels.put("app.kubernetes.io/managed-by", "freshet-operator-manifests");
        labels.put("freshet.dev/feature-set", entry.name());
        return labels;
    }
}
