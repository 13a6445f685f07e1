package dev.freshet.spark.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.core.job.JobKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

    @Test
    void readsTheJobKindRepeatedFeatureSetsTheFileAndConfInTheirOrder() {
        JobArguments args = JobArguments.parse(List.of("--job", "online", "--feature-set", "b", "--feature-set", "a",
                "--config", "/etc/freshet.properties", "--conf", "freshet.checkpoint-root=s3a://x/c",
                "--conf", "spring.kafka.bootstrap-servers = k:9092"));

        assertThat(args.job()).isEqualTo(JobKind.ONLINE);
        assertThat(args.featureSets()).containsExactly("b", "a");
        assertThat(args.all()).isFalse();
        assertThat(args.configFile()).contains(Path.of("/etc/freshet.properties"));
        assertThat(args.conf()).containsExactly(Map.entry("freshet.checkpoint-root", "s3a://x/c"),
                Map.entry("spring.kafka.bootstrap-servers", "k:9092"));
    }

    @Test
    void allMeansEveryFeatureSetAndTheJobKindIgnoresCase() {
        JobArguments args = JobArguments.parse(List.of("--all", "--job", "BACKFILL"));

        assertThat(args.all()).isTrue();
        assertThat(args.featureSets()).isEmpty();
        assertThat(args.job()).isEqualTo(JobKind.BACKFILL);
    }

    @Test
    void aConfValueMayHoldEqualsSigns() {
        assertThat(JobArguments.parse(List.of("--all", "--job", "offline", "--conf", "a.b=x=y")).conf())
                .containsExactly(Map.entry("a.b", "x=y"));
    }

    @Test
    void aMissingJobKindIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--all")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--job is missing\n" + JobArguments.USAGE);
    }

    @Test
    void anUnknownJobKindIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--all", "--job", "batch")))
                .hasMessageStartingWith("--job batch is not a job kind: use online, offline or backfill");
    }

    @Test
    void neitherAllNorAFeatureSetIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--job", "offline")))
                .hasMessageStartingWith("no feature set: give --feature-set <name> (repeatable) or --all");
    }

    @Test
    void allWithAFeatureSetIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--job", "offline", "--all", "--feature-set", "a")))
                .hasMessageStartingWith("--all and --feature-set exclude each other");
    }

    @Test
    void anOptionWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--job", "online", "--feature-set", "--all")))
                .hasMessageStartingWith("--feature-set needs a value");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--all", "--job")))
                .hasMessageStartingWith("--job needs a value");
    }

    @Test
    void aConfWithoutKeyAndValueIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--all", "--job", "online", "--conf", "freshet.x")))
                .hasMessageStartingWith("--conf freshet.x is not <key>=<value>");
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--all", "--job", "online", "--master", "local")))
                .hasMessageStartingWith("unknown argument \"--master\"");
    }

    @Test
    void aFeatureSetOrJobGivenTwiceIsRefused() {
        assertThatThrownBy(() -> JobArguments.parse(List.of("--job", "online", "--feature-set", "a",
                "--feature-set", "a"))).hasMessageStartingWith("--feature-set a is given twice");
        assertThatThrownBy(() -> JobArguments.parse(List.of("--all", "--job", "online", "--job", "offline")))
                .hasMessageStartingWith("--job is given twice");
    }
}
