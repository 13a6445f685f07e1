package dev.freshet.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.core.error.FreshetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {

    @TempDir
    Path dir;

    @Test
    void environmentVariablesAreTheNamesInUpperCaseWithUnderscores() {
        SecretResolver env = SecretResolver.environmentVariables(Map.of("KAFKA_PASSWORD", "s3cr3t", "TRUST_STORE_PW",
                "x"));

        assertThat(env.resolve("kafka-password")).contains(new Secret("kafka-password", "s3cr3t"));
        assertThat(env.resolve("kafka.password")).map(Secret::value).contains("s3cr3t");
        assertThat(env.resolve("trust_store-pw")).map(Secret::value).contains("x");
        assertThat(env.resolve("other")).isEmpty();
        assertThat(SecretResolver.variable("a.b-c_d")).isEqualTo("A_B_C_D");
    }

    @Test
    void filesHoldOneSecretEachWithoutTheFinalLineBreak() throws Exception {
        Files.writeString(dir.resolve("kafka-password"), "s3cr3t\n");
        Files.writeString(dir.resolve("windows"), "line\r\n");
        Files.writeString(dir.resolve("inner"), "two\nlines");
        SecretResolver files = SecretResolver.files(dir);

        assertThat(files.resolve("kafka-password")).map(Secret::value).contains("s3cr3t");
        assertThat(files.resolve("windows")).map(Secret::value).contains("line");
        assertThat(files.resolve("inner")).map(Secret::value).contains("two\nlines");
        assertThat(files.resolve("absent")).isEmpty();
        assertThatThrownBy(() -> files.resolve("../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is no secret name");
    }

    @Test
    void theFirstResolverThatKnowsANameAnswers() throws Exception {
        Files.writeString(dir.resolve("both"), "from-file");
        Files.writeString(dir.resolve("file-only"), "f");
        SecretResolver chain = SecretResolver.of(Map.of("both", "from-lookup")::get, "the configuration")
                .or(SecretResolver.files(dir));

        assertThat(chain.require("both").value()).isEqualTo("from-lookup");
        assertThat(chain.require("file-only").value()).isEqualTo("f");
    }

    @Test
    void anUnknownSecretIsNamedWithWhereItWasLookedForAndNoValueIsEverShown() {
        SecretResolver chain = SecretResolver.of(Map.of("known", "hunter2")::get, "the configuration")
                .or(SecretResolver.environmentVariables(Map.of()));

        assertThatThrownBy(() -> chain.require("kafka-password")).isInstanceOf(FreshetException.class)
                .hasMessage("secret \"kafka-password\" is not defined: looked in the configuration, then environment"
                        + " variables (kafka-password as KAFKA_PASSWORD). Define it there (its value is never logged),"
                        + " or correct the name");
        Secret known = chain.require("known");
        assertThat(known.toString()).isEqualTo("secret known (****)").doesNotContain("hunter2");
        assertThat(String.valueOf(known)).doesNotContain("hunter2");
    }
}
