package dev.freshet.deploy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freshet.core.catalog.CatalogDocument;
import dev.freshet.core.catalog.CatalogEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests of the sample application (samples/freshet-sample-transactions, its artifact as the build made it),
 * generated through the command line and validated against the Spark Operator's CRD schemas.
 *
 * <p>Golden files: {@code src/test/resources/expected/}; run with {@code -Dfreshet.golden.update=true} to rewrite
 * them from the generator, then review the diff.
 */
class OperatorManifestsIT {

    private static final CrdSchema SPARK_APPLICATION = CrdSchema.load(
            "/spark-operator/sparkoperator.k8s.io_sparkapplications.yaml", "v1beta2");
    private static final CrdSchema SCHEDULED_SPARK_APPLICATION = CrdSchema.load(
            "/spark-operator/sparkoperator.k8s.io_scheduledsparkapplications.yaml", "v1beta2");
    private static final Path GOLDEN = Path.of("src/test/resources/expected");
    /** The options of the golden files. */
    private static final List<String> OPTIONS = List.of(
            "--checkpoint-root", "s3a://features/checkpoints",
            "--offline-root", "s3a://features/offline",
            "--namespace", "features",
            "--image", "registry.example.com/payments/freshet-sample:0.1.0",
            "--redis-password-secret", "redis:password",
            "--spark-conf", "spark.hadoop.fs.s3a.endpoint=https://s3.eu-central-1.amazonaws.com");

    private static Path sample;

    @BeforeAll
    static void findTheSample() {
        sample = Path.of(System.getProperty("freshet.sample.artifact", "../../samples/freshet-sample-transactions/"
                + "target/classes"));
        assertThat(sample).as("the sample's artifact (built by the reactor before this module)").exists();
    }

    @Test
    void everyManifestOfTheSampleIsValidForTheOperatorsSchemas(@TempDir Path out) throws IOException {
        List<Path> files = generate(sample, out, OPTIONS);

        CatalogDocument catalog = CatalogFiles.read(sample);
        List<String> expected = new ArrayList<>();
        for (CatalogEntry e : catalog.featureSets()) {
            expected.add(e.name() + "-online.yaml");
            expected.add(e.name() + "-offline.yaml");
            if (e.backfill().isPresent()) {
                expected.add(e.name() + "-backfill.yaml");
            }
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactlyInAnyOrderElementsOf(expected)
                .hasSize(11);
        for (Path file : files) {
            JsonNode manifest = CrdSchema.readYaml(Files.readString(file));
            CrdSchema schema = schemaOf(manifest);
            assertThat(schema.problems(manifest)).as("%s against the %s CRD", file.getFileName(), schema.kind())
                    .isEmpty();
        }
    }

    @Test
    void oneManifestOfEachKindIsAsInItsGoldenFile(@TempDir Path out) throws IOException {
        List<String> args = new ArrayList<>(OPTIONS);
        args.addAll(List.of("--feature-set", "user-transaction-aggregates"));
        List<Path> files = generate(sample, out, args);

        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly(
                "user-transaction-aggregates-online.yaml", "user-transaction-aggregates-offline.yaml",
                "user-transaction-aggregates-backfill.yaml");
        for (Path file : files) {
            Path golden = GOLDEN.resolve(file.getFileName());
            if (Boolean.getBoolean("freshet.golden.update")) {
                Files.createDirectories(GOLDEN);
                Files.copy(file, golden, StandardCopyOption.REPLACE_EXISTING);
            }
            assertThat(Files.readString(file)).as("%s (rewrite with -Dfreshet.golden.update=true)", golden)
                    .isEqualTo(Files.readString(golden));
        }
    }

    @Test
    void noSecretValueAppearsInAnyManifestOnlyReferencesToSecrets(@TempDir Path dir) throws IOException {
        // The sample's catalog, with a source and a sink secured by SASL over TLS: the secrets are named there.
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree(CatalogFiles.read(sample).toJson());
        for (JsonNode featureSet : tree.path("featureSets")) {
            if (featureSet.path("name").asText().equals("user-risk")) {
                secure((ObjectNode) featureSet.path("source").path("security"), "kafka-user", "kafka-password",
                        "kafka-truststore");
                secure((ObjectNode) featureSet.path("sinks").path(0).path("security"), "sink-user", "sink-password",
                        "kafka-truststore");
            }
        }
        Path catalog = dir.resolve("catalog.json");
        json.writeValue(catalog.toFile(), tree);
        // What the cluster's Secrets would hold: none of it may reach a manifest.
        Map<String, String> values = Map.of(
                "kafka-user", "svc-features-7741",
                "kafka-password", "Kp-93b1e7f2c0d84a",
                "kafka-truststore", "-----BEGIN CERTIFICATE-----MIIBszCCAVmgAwIBAgIU",
                "sink-user", "svc-sink-5120",
                "sink-password", "Sp-1f0c9a77e2",
                "redis", "Rp-6d2e44b0a9");

        for (String secretsAs : List.of("env", "volume")) {
            Path out = dir.resolve(secretsAs);
            List<String> args = new ArrayList<>(OPTIONS);
            args.addAll(List.of("--secrets-as", secretsAs, "--secret", "payments-kafka"));
            List<Path> files = generate(catalog, out, args);

            for (Path file : files) {
                String yaml = Files.readString(file);
                values.forEach((name, value) -> assertThat(yaml).as("%s (%s)", file.getFileName(), secretsAs)
                        .doesNotContain(value));
                JsonNode manifest = CrdSchema.readYaml(yaml);
                CrdSchema schema = schemaOf(manifest);
                assertThat(schema.problems(manifest)).as("%s (%s)", file.getFileName(), secretsAs).isEmpty();
            }
            JsonNode driver = CrdSchema.readYaml(Files.readString(out.resolve("user-risk-online.yaml")))
                    .path("spec").path("driver");
            Map<String, String> references = new TreeMap<>();
            driver.path("env").forEach(v -> references.put(v.path("name").asText(),
                    v.path("valueFrom").path("secretKeyRef").path("name").asText() + ":"
                            + v.path("valueFrom").path("secretKeyRef").path("key").asText()));
            if (secretsAs.equals("env")) {
                assertThat(references).containsExactly(
                        Map.entry("KAFKA_PASSWORD", "payments-kafka:kafka-password"),
                        Map.entry("KAFKA_TRUSTSTORE", "payments-kafka:kafka-truststore"),
                        Map.entry("KAFKA_USER", "payments-kafka:kafka-user"),
                        Map.entry("SINK_PASSWORD", "payments-kafka:sink-password"),
                        Map.entry("SINK_USER", "payments-kafka:sink-user"),
                        Map.entry("SPRING_DATA_REDIS_PASSWORD", "redis:password"));
                assertThat(driver.has("secrets")).isFalse();
            } else {
                assertThat(references).containsExactly(Map.entry("SPRING_DATA_REDIS_PASSWORD", "redis:password"));
                assertThat(driver.path("secrets").toString()).isEqualTo(
                        "[{\"name\":\"payments-kafka\",\"path\":\"/etc/freshet/secrets\",\"secretType\":\"Generic\"}]");
                assertThat(arguments(out.resolve("user-risk-online.yaml")))
                        .contains("freshet.secrets.directory=/etc/freshet/secrets");
            }
        }
    }

    @Test
    void settingsShapeSizesSchedulesAndTheirTimeZone(@TempDir Path out) throws IOException {
        List<String> args = new ArrayList<>(OPTIONS);
        args.addAll(List.of("--feature-set", "login-attempts",
                "--conf", "freshet.cluster-templates.medium.executors=6",
                "--conf", "freshet.cluster-templates.medium.shuffle-partitions=24",
                "--conf", "freshet.offline.time-zone=Europe/Berlin",
                "--conf", "freshet.feature-sets.login-attempts.offline-schedule=15 3 * * MON-SUN"));
        generate(sample, out, args);

        JsonNode online = CrdSchema.readYaml(Files.readString(out.resolve("login-attempts-online.yaml")));
        assertThat(online.path("spec").path("executor").path("instances").asInt()).isEqualTo(6);
        assertThat(online.path("spec").path("sparkConf").path("spark.sql.shuffle.partitions").asText())
                .isEqualTo("24");
        JsonNode offline = CrdSchema.readYaml(Files.readString(out.resolve("login-attempts-offline.yaml")));
        assertThat(offline.path("spec").path("schedule").asText()).isEqualTo("15 3 * * 0-6");
        assertThat(offline.path("spec").path("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(offline.path("metadata").path("annotations").path("freshet.dev/offline-schedule").asText())
                .isEqualTo("15 3 * * MON-SUN");
        assertThat(SCHEDULED_SPARK_APPLICATION.problems(offline)).isEmpty();
    }

    @Test
    void aManifestBrokenOnPurposeFailsValidationNamingTheField(@TempDir Path out) throws IOException {
        List<Path> files = generate(sample, out, OPTIONS);
        Path file = files.stream().filter(f -> f.getFileName().toString().equals("user-risk-online.yaml"))
                .findFirst().orElseThrow();
        String valid = Files.readString(file);
        assertThat(SPARK_APPLICATION.problems(CrdSchema.readYaml(valid))).isEmpty();

        ObjectNode wrongType = (ObjectNode) CrdSchema.readYaml(valid);
        ((ObjectNode) wrongType.path("spec").path("executor")).put("instances", "four");
        assertThat(SPARK_APPLICATION.problems(wrongType)).anyMatch(p -> p.startsWith("/spec/executor/instances"));

        ObjectNode misspelt = (ObjectNode) CrdSchema.readYaml(valid);
        ObjectNode driver = (ObjectNode) misspelt.path("spec").path("driver");
        driver.set("memroy", driver.remove("memory"));
        assertThat(SPARK_APPLICATION.problems(misspelt)).anyMatch(p -> p.startsWith("/spec/driver")
                && p.contains("memroy"));

        ObjectNode unknownPolicy = (ObjectNode) CrdSchema.readYaml(valid);
        ((ObjectNode) unknownPolicy.path("spec").path("restartPolicy")).put("type", "Sometimes");
        assertThat(SPARK_APPLICATION.problems(unknownPolicy)).anyMatch(p -> p.startsWith("/spec/restartPolicy/type"));

        ObjectNode missing = (ObjectNode) CrdSchema.readYaml(valid);
        ((ObjectNode) missing.path("spec")).remove("sparkVersion");
        assertThat(SPARK_APPLICATION.problems(missing)).anyMatch(p -> p.contains("sparkVersion"));

        ObjectNode wrongKind = (ObjectNode) CrdSchema.readYaml(valid);
        assertThat(SCHEDULED_SPARK_APPLICATION.problems(wrongKind)).isNotEmpty();
    }

    @Test
    void theExecutableJarRunsAloneWithoutSpark(@TempDir Path dir) throws Exception {
        Path jar = Path.of(System.getProperty("freshet.cli.jar", "target/freshet-operator-manifests-0.1.0-cli.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.stream().map(JarEntry::getName))
                    .noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")
                            || n.startsWith("org/springframework/"))
                    .contains("dev/freshet/deploy/operator/ManifestsCommand.class");
        }
        Path stdout = dir.resolve("stdout.yaml");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString(), "--catalog", sample.toString(), "--output", "-"));
        command.addAll(OPTIONS);
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                .start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the command line finished").isTrue();
            assertThat(process.exitValue()).as(Files.readString(stderr)).isZero();
        } finally {
            process.destroyForcibly();
        }
        // The stream holds the same manifests as the files: the golden one among them, byte for byte.
        String stream = Files.readString(stdout);
        assertThat(stream.split("(?m)^---\\n")).hasSize(12)
                .contains(Files.readString(GOLDEN.resolve("user-transaction-aggregates-online.yaml")));
    }

    /** The schema of the CRD of {@code manifest}'s kind. */
    private static CrdSchema schemaOf(JsonNode manifest) {
        return manifest.path("kind").asText().equals("ScheduledSparkApplication") ? SCHEDULED_SPARK_APPLICATION
                : SPARK_APPLICATION;
    }

    private static List<String> arguments(Path manifest) throws IOException {
        List<String> args = new ArrayList<>();
        CrdSchema.readYaml(Files.readString(manifest)).path("spec").path("arguments")
                .forEach(a -> args.add(a.asText()));
        return args;
    }

    private static void secure(ObjectNode security, String user, String password, String truststore) {
        security.put("protocol", "SASL_SSL");
        security.put("saslMechanism", "SCRAM_SHA_512");
        security.put("usernameSecret", user);
        security.put("passwordSecret", password);
        security.put("truststoreSecret", truststore);
    }

    /** Runs the command line on {@code catalog} into {@code out}; the files it wrote. */
    private static List<Path> generate(Path catalog, Path out, List<String> options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--catalog", catalog.toString(), "--output", out.toString()));
        args.addAll(options);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = ManifestsCommand.run(args.toArray(String[]::new), new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isZero();
        List<Path> written = stdout.toString(StandardCharsets.UTF_8).lines().map(Path::of).toList();
        try (Stream<Path> listed = Files.list(out)) {
            assertThat(listed.toList()).containsExactlyInAnyOrderElementsOf(written);
        }
        return written;
    }
}
