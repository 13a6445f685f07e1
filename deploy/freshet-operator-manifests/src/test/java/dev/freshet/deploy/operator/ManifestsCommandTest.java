package dev.freshet.deploy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.job.JobKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ManifestsCommandTest {

    private static final List<String> REQUIRED = List.of("--catalog", "app.jar",
            "--checkpoint-root", "s3a://features/checkpoints", "--offline-root", "s3a://features/offline");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void withoutArgumentsItPrintsItsUsage() {
        assertThat(run(List.of())).isZero();
        assertThat(out()).startsWith("Usage: freshet-operator-manifests --catalog").contains("--redis-password-secret")
                .contains("(default: apache/spark:4.2.0)");
    }

    @Test
    void theOptionsAreReadWithTheirDefaults() {
        ManifestsCommand.Arguments args = ManifestsCommand.Arguments.parse(with("--namespace", "features",
                "--conf", "freshet.offline.time-zone=Europe/Berlin", "--feature-set", "user-risk",
                "--feature-set", "login-attempts", "--secrets-as", "VOLUME"));

        assertThat(args.output()).isEqualTo("manifests");
        ManifestOptions options = args.options();
        assertThat(options.namespace()).isEqualTo("features");
        assertThat(options.image()).isEqualTo(ManifestOptions.DEFAULT_IMAGE);
        assertThat(options.serviceAccount()).isEqualTo("spark");
        assertThat(options.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(options.featureSets()).containsExactly("login-attempts", "user-risk");
        assertThat(options.secretsAs()).isEqualTo(ManifestOptions.SecretsAs.VOLUME);
        assertThat(options.redisPassword()).isEmpty();
    }

    @Test
    void aMissingLocationIsABadArgument() {
        assertThat(run(List.of("--catalog", "app.jar", "--offline-root", "s3a://f/offline"))).isEqualTo(2);
        assertThat(err()).startsWith("freshet-operator-manifests: --checkpoint-root is missing: give an object store"
                + " URI every pod reaches, such as s3a://bucket/checkpoints").contains("Usage:");
    }

    @Test
    void aLocalPathIsNoLocationEveryPodReaches() {
        assertThat(run(List.of("--catalog", "app.jar", "--checkpoint-root", "/tmp/checkpoints",
                "--offline-root", "s3a://f/offline"))).isEqualTo(2);
        assertThat(err()).startsWith("freshet-operator-manifests: checkpointRoot (--checkpoint-root) \"/tmp/checkpoints\""
                + " is not a URI every pod reaches");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheClosestOne() {
        assertThat(run(with("--namespce", "features"))).isEqualTo(2);
        assertThat(err()).startsWith("freshet-operator-manifests: unknown option --namespce; did you mean --namespace?");
    }

    @Test
    void aSettingThatLooksLikeACredentialIsRefused() {
        assertThat(run(with("--conf", "spring.data.redis.password=hunter2"))).isEqualTo(2);
        assertThat(err()).startsWith("freshet-operator-manifests: --conf spring.data.redis.password looks like a"
                + " credential: a manifest never holds secret values.").doesNotContain("hunter2");
    }

    @Test
    void aSettingWrittenFromItsOwnOptionIsRefused() {
        assertThat(run(with("--conf", "freshet.checkpoint-root=s3a://other"))).isEqualTo(2);
        assertThat(err()).startsWith("freshet-operator-manifests: --conf freshet.checkpoint-root is written from the"
                + " option checkpointRoot (--checkpoint-root): give it there");
    }

    @Test
    void aBadSizeSettingIsRefusedBeforeAnythingIsWritten() {
        assertThat(run(with("--conf", "freshet.cluster-templates.lage.executors=2"))).isEqualTo(2);
        assertThat(err()).startsWith("freshet-operator-manifests: property freshet.cluster-templates.lage = \"lage\""
                + " names no cluster-template size; did you mean \"large\"?");
    }

    @Test
    void aCatalogThatIsNotThereFailsNamingIt() {
        assertThat(run(with("--catalog", "does-not-exist.jar"))).isEqualTo(1);
        assertThat(err()).isEqualTo("freshet-operator-manifests: does-not-exist.jar does not exist: give the"
                + " application's jar, classes directory or catalog file" + System.lineSeparator());
    }

    @Test
    void theJobsCommandLineIsTheEntryPointsOne() {
        assertThat(JobEntryPoint.arguments("user-risk", JobKind.OFFLINE,
                new TreeMap<>(Map.of("freshet.offline.root", "s3a://f/offline"))))
                .containsExactly("--feature-set", "user-risk", "--job", "offline", "--conf",
                        "freshet.offline.root=s3a://f/offline");
    }

    private static List<String> with(String... more) {
        List<String> args = new ArrayList<>(REQUIRED);
        args.addAll(List.of(more));
        return args;
    }

    private int run(List<String> args) {
        return ManifestsCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
