package dev.freshet.deploy.operator;

import static java.util.Objects.requireNonNull;

import dev.freshet.core.cluster.ClusterTemplateSizes;
import dev.freshet.core.catalog.CatalogEntry;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the manifests say beyond the catalog: where the jobs run (image, namespace, service account), where their
 * state lives (checkpoints and Delta tables, on an object store), where their secrets come from, and further
 * settings. Build with {@link #builder(String, String)}; every option but the two locations has a default.
 *
 * <pre>{@code
 * ManifestOptions options = ManifestOptions.builder("s3a://features/checkpoints", "s3a://features/offline")
 *         .namespace("features")
 *         .redisPassword(SecretKeyRef.parse("redis:password"))
 *         .jobConf("freshet.cluster-templates.small.executors", "1")
 *         .build();
 * }</pre>
 *
 * @param image            container image of the driver and executors, which must hold Spark {@code sparkVersion}
 *                         and Java 17 or later
 * @param applicationJar   where the application jar is, as Spark reads it ({@code local://} for a path in the image)
 * @param namespace        namespace of every manifest
 * @param serviceAccount   service account of the driver, which creates the executors' pods
 * @param sparkVersion     Spark version of the image, for the operator
 * @param checkpointRoot   {@code freshet.checkpoint-root} of the jobs: a URI that every pod reaches, such as
 *                         {@code s3a://bucket/checkpoints}
 * @param offlineRoot      {@code freshet.offline.root} of the jobs, where the Delta tables live: such a URI too
 * @param secretName       the Kubernetes Secret that holds the secrets the catalog names, one key per secret name
 * @param secretsAs        how those secrets reach the driver
 * @param secretsDirectory where the Secret is mounted with {@link SecretsAs#VOLUME} ({@code freshet.secrets.directory})
 * @param redisPassword    the Kubernetes Secret key holding the Redis password, if Redis has one
 * @param jobConf          further Freshet or Spring settings of the jobs, passed as {@code --conf}; those of
 *                         cluster-template sizes, the offline time zone and feature sets' offline schedules also shape
 *                         the manifests
 * @param sparkConf        further Spark settings of the jobs, after those of their sizes
 * @param featureSets      names of the feature sets to write manifests for; empty for all
 */
public record ManifestOptions(String image, String applicationJar, String namespace, String serviceAccount,
        String sparkVersion, String checkpointRoot, String offlineRoot, String secretName, SecretsAs secretsAs,
        String secretsDirectory, Optional<SecretKeyRef> redisPassword, Map<String, String> jobConf,
        Map<String, String> sparkConf, Set<String> featureSets) {

    /** The Spark version Freshet is built with and tested on. */
    public static final String DEFAULT_SPARK_VERSION = "4.2.0";
    /** The Apache Spark project's image of that version. */
    public static final String DEFAULT_IMAGE = "apache/spark:" + DEFAULT_SPARK_VERSION;
    /** The application jar in an image built {@code FROM} the Spark image with the jar copied in. */
    public static final String DEFAULT_APPLICATION_JAR = "local:///opt/freshet/app.jar";
    /** The namespace of the manifests. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The service account of the drivers. */
    public static final String DEFAULT_SERVICE_ACCOUNT = "spark";
    /** The Kubernetes Secret holding the catalog's secrets. */
    public static final String DEFAULT_SECRET_NAME = "freshet-secrets";
    /** Where the Secret is mounted with {@link SecretsAs#VOLUME}. */
    public static final String DEFAULT_SECRETS_DIRECTORY = "/etc/freshet/secrets";

    /** The setting of the time zone that offline schedules are evaluated in. */
    static final String TIME_ZONE = "freshet.offline.time-zone";
    /** The settings the generator writes from options of their own. */
    static final Map<String, String> OWN_SETTINGS = Map.of(
            "freshet.checkpoint-root", "checkpointRoot (--checkpoint-root)",
            "freshet.offline.root", "offlineRoot (--offline-root)",
            "freshet.secrets.directory", "secretsAs VOLUME and secretsDirectory (--secrets-as volume,"
                    + " --secrets-directory)");

    private static final Pattern URI = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/.*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    /** Parts of a setting's name that say it holds a credential. */
    private static final Pattern CREDENTIAL = Pattern.compile(".*(password|passwd|secret|token|credential|jaas).*");

    /** How the secrets the catalog names reach the jobs' drivers, where Freshet resolves them. */
    public enum SecretsAs {
        /**
         * One environment variable per secret, read from the Secret by {@code secretKeyRef}: {@code kafka-password}
         * as {@code KAFKA_PASSWORD}, which Freshet's resolvers read (the Spring Environment's relaxed names, and
         * environment variables).
         */
        ENV,
        /** The Secret mounted as a directory of one file per key, given to Freshet as {@code freshet.secrets.directory}. */
        VOLUME
    }

    /**
     * One key of a Kubernetes Secret.
     *
     * @param secret name of the Secret, in the manifests' namespace
     * @param key    the key in it
     */
    public record SecretKeyRef(String secret, String key) {

        /** Checks the parts are Kubernetes names. */
        public SecretKeyRef {
            dnsSubdomain(secret, "the Secret's name");
            if (key == null || !key.matches("[-._a-zA-Z0-9]+")) {
                throw new IllegalArgumentException("\"" + key + "\" is no Secret key: use letters, digits, '-', '_'"
                        + " and '.'");
            }
        }

        /** Reads {@code <secret>:<key>}, such as {@code redis:password}. */
        public static SecretKeyRef parse(String text) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("\"" + text + "\" names no Secret key: write <secret>:<key>, such as"
                        + " redis:password");
            }
            return new SecretKeyRef(text.substring(0, colon), text.substring(colon + 1));
        }
    }

    /** Checks every option and copies the collections, sorted. */
    public ManifestOptions {
        requireText(image, "image");
        requireText(applicationJar, "applicationJar");
        dnsLabel(namespace, "namespace");
        dnsSubdomain(serviceAccount, "serviceAccount");
        requireText(sparkVersion, "sparkVersion");
        location(checkpointRoot, "checkpointRoot (--checkpoint-root)", "s3a://features/checkpoints");
        location(offlineRoot, "offlineRoot (--offline-root)", "s3a://features/offline");
        dnsSubdomain(secretName, "secretName");
        requireNonNull(secretsAs, "secretsAs");
        if (secretsDirectory == null || !secretsDirectory.startsWith("/")) {
            throw new IllegalArgumentException("secretsDirectory \"" + secretsDirectory + "\" is not an absolute path"
                    + " in the container, such as " + DEFAULT_SECRETS_DIRECTORY);
        }
        requireNonNull(redisPassword, "redisPassword");
        jobConf = sorted(jobConf, "--conf");
        for (String key : jobConf.keySet()) {
            if (OWN_SETTINGS.containsKey(key)) {
                throw new IllegalArgumentException("--conf " + key + " is written from the option "
                        + OWN_SETTINGS.get(key) + ": give it there");
            }
        }
        sparkConf = sorted(sparkConf, "--spark-conf");
        featureSets = Collections.unmodifiableSet(new TreeSet<>(featureSets));
        String zone = jobConf.getOrDefault(TIME_ZONE, "UTC");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--conf " + TIME_ZONE + "=" + zone + " is no time zone: use UTC or a"
                    + " region such as Europe/Berlin", e);
        }
        // Reading them now reports a bad size setting before any manifest is written.
        ClusterTemplateSizes.defaults().withProperties(jobConf);
    }

    /** A builder with every default and the two locations, which have none. */
    public static Builder builder(String checkpointRoot, String offlineRoot) {
        return new Builder(checkpointRoot, offlineRoot);
    }

    /** What each cluster-template size means: the defaults with {@code freshet.cluster-templates.*} of {@link #jobConf}. */
    public ClusterTemplateSizes sizes() {
        return ClusterTemplateSizes.defaults().withProperties(jobConf);
    }

    /** The zone offline schedules are evaluated in: {@code freshet.offline.time-zone} of {@link #jobConf}, or UTC. */
    public String timeZone() {
        return jobConf.getOrDefault(TIME_ZONE, "UTC");
    }

    /** {@code featureSet}'s offline schedule: {@code freshet.feature-sets.<name>.offline-schedule}, or the catalog's. */
    public String offlineSchedule(CatalogEntry featureSet) {
        return jobConf.getOrDefault("freshet.feature-sets." + featureSet.name() + ".offline-schedule",
                featureSet.offlineSchedule());
    }

    private static Map<String, String> sorted(Map<String, String> conf, String option) {
        Map<String, String> copy = new TreeMap<>();
        conf.forEach((key, value) -> {
            requireText(key, option + " key");
            requireNonNull(value, option + " " + key);
            String lower = key.toLowerCase(Locale.ROOT);
            if (!lower.equals("freshet.secrets.directory")
                    && List.of(lower.split("[.]")).stream().anyMatch(p -> CREDENTIAL.matcher(p).matches())) {
                throw new IllegalArgumentException(option + " " + key + " looks like a credential: a manifest never"
                        + " holds secret values. Keep it in a Kubernetes Secret: the Redis password with"
                        + " --redis-password-secret, the secrets @KafkaSecurity names in the Secret of --secret");
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static void location(String uri, String option, String example) {
        if (uri == null || !URI.matcher(uri).matches()) {
            throw new IllegalArgumentException(option + " \"" + uri + "\" is not a URI every pod reaches: give an"
                    + " object store or shared file system URI, such as " + example);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
    }

    private static void dnsLabel(String value, String name) {
        if (value == null || value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " \"" + value + "\" is no Kubernetes name: use at most 63 lower"
                    + " case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    static void dnsSubdomain(String value, String name) {
        if (value == null || value.length() > 253 || !DNS_SUBDOMAIN.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " \"" + value + "\" is no Kubernetes name: use lower case"
                    + " letters, digits, '-' and '.', starting and ending with a letter or digit");
        }
    }

    /** Builds {@link ManifestOptions}; every setter replaces a default. */
    public static final class Builder {

        private String image = DEFAULT_IMAGE;
        private String applicationJar = DEFAULT_APPLICATION_JAR;
        private String namespace = DEFAULT_NAMESPACE;
        private String serviceAccount = DEFAULT_SERVICE_ACCOUNT;
        private String sparkVersion = DEFAULT_SPARK_VERSION;
        private final String checkpointRoot;
        private final String offlineRoot;
        private String secretName = DEFAULT_SECRET_NAME;
        private SecretsAs secretsAs = SecretsAs.ENV;
        private String secretsDirectory = DEFAULT_SECRETS_DIRECTORY;
        private Optional<SecretKeyRef> redisPassword = Optional.empty();
        private final Map<String, String> jobConf = new TreeMap<>();
        private final Map<String, String> sparkConf = new TreeMap<>();
        private final Set<String> featureSets = new TreeSet<>();

        private Builder(String checkpointRoot, String offlineRoot) {
            this.checkpointRoot = checkpointRoot;
            this.offlineRoot = offlineRoot;
        }

        /** The container image (default {@value #DEFAULT_IMAGE}). */
        public Builder image(String image) {
            this.image = image;
            return this;
        }

        /** The application jar (default {@value #DEFAULT_APPLICATION_JAR}). */
        public Builder applicationJar(String applicationJar) {
            this.applicationJar = applicationJar;
            return this;
        }

        /** The namespace (default {@value #DEFAULT_NAMESPACE}). */
        public Builder namespace(String namespace) {
            this.namespace = namespace;
            return this;
        }

        /** The drivers' service account (default {@value #DEFAULT_SERVICE_ACCOUNT}). */
        public Builder serviceAccount(String serviceAccount) {
            this.serviceAccount = serviceAccount;
            return this;
        }

        /** The image's Spark version (default {@value #DEFAULT_SPARK_VERSION}). */
        public Builder sparkVersion(String sparkVersion) {
            this.sparkVersion = sparkVersion;
            return this;
        }

        /** The Secret of the catalog's secrets (default {@value #DEFAULT_SECRET_NAME}). */
        public Builder secretName(String secretName) {
            this.secretName = secretName;
            return this;
        }

        /** How secrets reach the drivers (default {@link SecretsAs#ENV}). */
        public Builder secretsAs(SecretsAs secretsAs) {
            this.secretsAs = secretsAs;
            return this;
        }

        /** Where the Secret is mounted with {@link SecretsAs#VOLUME} (default {@value #DEFAULT_SECRETS_DIRECTORY}). */
        public Builder secretsDirectory(String secretsDirectory) {
            this.secretsDirectory = secretsDirectory;
            return this;
        }

        /** The Secret key holding the Redis password (default none). */
        public Builder redisPassword(SecretKeyRef redisPassword) {
            this.redisPassword = Optional.of(redisPassword);
            return this;
        }

        /** One further setting of the jobs. */
        public Builder jobConf(String key, String value) {
            jobConf.put(key, value);
            return this;
        }

        /** One further Spark setting of the jobs. */
        public Builder sparkConf(String key, String value) {
            sparkConf.put(key, value);
            return this;
        }

        /** Writes manifests for {@code name} (and the others named so); without any, for every feature set. */
        public Builder featureSet(String name) {
            featureSets.add(name);
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException naming the option at fault and what to give instead
         */
        public ManifestOptions build() {
            return new ManifestOptions(image, applicationJar, namespace, serviceAccount, sparkVersion, checkpointRoot,
                    offlineRoot, secretName, secretsAs, secretsDirectory, redisPassword, jobConf, sparkConf,
                    featureSets);
        }
    }
}
