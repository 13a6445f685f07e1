package dev.freshet.deploy.operator;

import dev.freshet.core.catalog.CatalogDocument;
import dev.freshet.core.error.FreshetException;
import dev.freshet.core.naming.DidYouMean;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of the manifest generator: reads an application's catalog, writes the Spark Operator manifests of
 * its jobs ({@link ManifestGenerator}). Run it without arguments, or with {@code --help}, for its usage.
 *
 * <pre>
 * java -jar freshet-operator-manifests.jar --catalog target/app.jar \
 *     --checkpoint-root s3a://features/checkpoints --offline-root s3a://features/offline --output manifests
 * </pre>
 *
 * <p>Exit codes: 0 when the manifests are written, 2 for bad arguments, 1 when the catalog cannot be read or makes no
 * manifests.
 */
public final class ManifestsCommand {

    /** The usage message, also printed with a bad argument. */
    public static final String USAGE = """
            Usage: freshet-operator-manifests --catalog <jar|classes dir|catalog.json>
                     --checkpoint-root <uri> --offline-root <uri> [options]

            Writes Kubernetes Spark Operator manifests (sparkoperator.k8s.io/v1beta2) for the jobs of the feature
            sets in an application's catalog (META-INF/freshet/catalog.json): a SparkApplication per online job and
            per backfill, a ScheduledSparkApplication per offline job, sized by their cluster templates.

            Required:
              --catalog <path>              the application jar (plain or Spring Boot), its classes directory, or
                                            the catalog.json file
              --checkpoint-root <uri>       freshet.checkpoint-root of the jobs, such as s3a://bucket/checkpoints
              --offline-root <uri>          freshet.offline.root, where the Delta tables live, such as
                                            s3a://bucket/offline
            Options:
              --output <dir>|-              directory to write <name>.yaml files to, or - for one YAML stream on
                                            standard output (default: manifests)
              --feature-set <name>          only this feature set; repeatable (default: all)
              --image <image>               driver and executor image (default: %s)
              --application-jar <uri>       the application jar as Spark reads it (default: %s)
              --namespace <name>            namespace of the manifests (default: %s)
              --service-account <name>      the drivers' service account (default: %s)
              --spark-version <version>     Spark version of the image (default: %s)
              --secret <name>               Kubernetes Secret holding the secrets @KafkaSecurity names, one key per
                                            secret name (default: %s)
              --secrets-as env|volume       give them to the driver as environment variables (secretKeyRef) or as
                                            a mounted directory, freshet.secrets.directory (default: env)
              --secrets-directory <path>    where --secrets-as volume mounts the Secret (default: %s)
              --redis-password-secret <secret>:<key>
                                            Secret key holding the Redis password, given as %s
              --conf <key>=<value>          a Freshet or Spring setting of the jobs; repeatable. Also shape the
                                            manifests: freshet.cluster-templates.<size>.*, freshet.offline.time-zone
                                            and freshet.feature-sets.<name>.offline-schedule
              --spark-conf <key>=<value>    a further Spark setting of the jobs; repeatable
              --help                        this message
            Secret values are never written: settings that look like credentials are refused.
            """.formatted(ManifestOptions.DEFAULT_IMAGE, ManifestOptions.DEFAULT_APPLICATION_JAR,
            ManifestOptions.DEFAULT_NAMESPACE, ManifestOptions.DEFAULT_SERVICE_ACCOUNT,
            ManifestOptions.DEFAULT_SPARK_VERSION, ManifestOptions.DEFAULT_SECRET_NAME,
            ManifestOptions.DEFAULT_SECRETS_DIRECTORY, JobEntryPoint.REDIS_PASSWORD_VARIABLE);

    private ManifestsCommand() {}

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command with {@code args}, printing the manifests' files (or the manifests, with {@code --output -})
     * to {@code out} and problems to {@code err}.
     *
     * @return the exit code: 0 written, 2 bad arguments, 1 the catalog could not be read or made no manifests
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(List.of(args));
        } catch (IllegalArgumentException | FreshetException e) {
            err.println("freshet-operator-manifests: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        }
        if (parsed == null) {
            out.print(USAGE);
            return 0;
        }
        try {
            CatalogDocument catalog = CatalogFiles.read(parsed.catalog());
            ManifestGenerator generator = new ManifestGenerator(parsed.options());
            List<Manifest> manifests = generator.manifests(catalog);
            if (parsed.output().equals("-")) {
                out.print(Manifest.stream(manifests));
            } else {
                for (Path file : generator.write(manifests, Path.of(parsed.output()))) {
                    out.println(file);
                }
            }
            return 0;
        } catch (IOException | UncheckedIOException | IllegalArgumentException | FreshetException e) {
            err.println("freshet-operator-manifests: " + e.getMessage());
            return 1;
        }
    }

    /**
     * The command line, read.
     *
     * @param catalog where the catalog is
     * @param output  the directory to write to, or {@code -} for standard output
     * @param options the generator's options
     */
    record Arguments(Path catalog, String output, ManifestOptions options) {

        /** {@code args} read; {@code null} when they ask for the usage. */
        static Arguments parse(List<String> args) {
            if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
                return null;
            }
            String catalog = null;
            String checkpointRoot = null;
            String offlineRoot = null;
            String output = "manifests";
            Settings settings = new Settings();
            for (int i = 0; i < args.size(); i += 2) {
                String option = args.get(i);
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args.get(i + 1);
                switch (option) {
                    case "--catalog" -> catalog = value;
                    case "--checkpoint-root" -> checkpointRoot = value;
                    case "--offline-root" -> offlineRoot = value;
                    case "--output" -> output = value;
                    default -> settings.add(option, value);
                }
            }
            if (catalog == null) {
                throw new IllegalArgumentException("--catalog is missing: give the application jar, its classes"
                        + " directory or its catalog.json");
            }
            if (checkpointRoot == null || offlineRoot == null) {
                throw new IllegalArgumentException((checkpointRoot == null ? "--checkpoint-root" : "--offline-root")
                        + " is missing: give an object store URI every pod reaches, such as s3a://bucket/"
                        + (checkpointRoot == null ? "checkpoints" : "offline"));
            }
            return new Arguments(Path.of(catalog), output, settings.apply(
                    ManifestOptions.builder(checkpointRoot, offlineRoot)));
        }
    }

    /** The options that have defaults, in the order given (a repeated single option: the last wins). */
    private static final class Settings {

        private final List<String[]> given = new ArrayList<>();

        void add(String option, String value) {
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option " + option
                        + DidYouMean.closest(option, OPTIONS)
                                .map(c -> "; did you mean " + c + "?").orElse(""));
            }
            given.add(new String[] {option, value});
        }

        ManifestOptions apply(ManifestOptions.Builder b) {
            for (String[] g : given) {
                String value = g[1];
                switch (g[0]) {
                    case "--feature-set" -> b.featureSet(value);
                    case "--image" -> b.image(value);
                    case "--application-jar" -> b.applicationJar(value);
                    case "--namespace" -> b.namespace(value);
                    case "--service-account" -> b.serviceAccount(value);
                    case "--spark-version" -> b.sparkVersion(value);
                    case "--secret" -> b.secretName(value);
                    case "--secrets-as" -> b.secretsAs(secretsAs(value));
                    case "--secrets-directory" -> b.secretsDirectory(value);
                    case "--redis-password-secret" -> b.redisPassword(ManifestOptions.SecretKeyRef.parse(value));
                    case "--conf" -> {
                        String[] kv = keyValue(g[0], value);
                        b.jobConf(kv[0], kv[1]);
                    }
                    case "--spark-conf" -> {
                        String[] kv = keyValue(g[0], value);
                        b.sparkConf(kv[0], kv[1]);
                    }
                    default -> throw new IllegalStateException(g[0]);
                }
            }
            return b.build();
        }

        private static final List<String> OPTIONS = List.of("--feature-set", "--image", "--application-jar",
                "--namespace", "--service-account", "--spark-version", "--secret", "--secrets-as",
                "--secrets-directory", "--redis-password-secret", "--conf", "--spark-conf", "--catalog",
                "--checkpoint-root", "--offline-root", "--output");

        private static ManifestOptions.SecretsAs secretsAs(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "env" -> ManifestOptions.SecretsAs.ENV;
                case "volume" -> ManifestOptions.SecretsAs.VOLUME;
                default -> throw new IllegalArgumentException("--secrets-as " + value + ": write env or volume");
            };
        }

        private static String[] keyValue(String option, String value) {
            int eq = value.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(option + " " + value + ": write <key>=<value>");
            }
            return new String[] {value.substring(0, eq), value.substring(eq + 1)};
        }
    }
}
