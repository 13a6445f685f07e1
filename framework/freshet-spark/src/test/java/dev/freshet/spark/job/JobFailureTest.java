package dev.freshet.spark.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.error.FreshetErrors;
import dev.freshet.core.error.FreshetException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;

class JobFailureTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aServerThatDidNotAnswerIsWorthARestart() {
        JobFailure failure = JobFailure.of(new RuntimeException("task failed",
                new FreshetException(null, "Redis at 127.0.0.1:6391/0 did not answer", null)), AT);
        assertThat(failure.restartCanFix()).isTrue();
        assertThat(failure.message()).isEqualTo("Redis at 127.0.0.1:6391/0 did not answer");
        assertThat(failure.at()).isEqualTo(AT);
    }

    @Test
    void anUnknownErrorIsWorthARestartAndReportsItsRootCause() {
        JobFailure failure = JobFailure.of(new RuntimeException("outer", new IllegalStateException("inner")), AT);
        assertThat(failure.restartCanFix()).isTrue();
        assertThat(failure.message()).isEqualTo("inner");
        assertThat(JobFailure.of(new NullPointerException(), AT).message()).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void anIncompatibleCheckpointOrABadSettingIsNot() {
        FreshetException checkpoint = FreshetErrors.incompatibleCheckpoint("fs", "online", "/cp",
                List.of("key: a STRING -> b STRING"), List.of(), "EARLIEST");
        assertThat(JobFailure.of(new RuntimeException("wrapped", checkpoint), AT).restartCanFix()).isFalse();
        assertThat(JobFailure.of(FreshetErrors.jobFailed("fs", "online", checkpoint), AT).restartCanFix()).isFalse();
        assertThat(JobFailure.of(FreshetErrors.invalidSetting("fs", "p", "v", "is wrong"), AT).restartCanFix())
                .isFalse();
    }

    @Test
    void recordsLostInKafkaAreNot() {
        JobFailure failure = JobFailure.of(new RuntimeException("query failed",
                new Condition("KAFKA_DATA_LOSS.PARTITION_OFFSET_CHANGED", "Some data may have been lost")), AT);
        assertThat(failure.restartCanFix()).isFalse();
        assertThat(failure.message()).isEqualTo("Some data may have been lost");
    }

    @Test
    void stateThatDoesNotFitTheQueryIsNot() {
        assertThat(JobFailure.of(new Condition("STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE", "schema"), AT)
                .restartCanFix()).isFalse();
        assertThat(JobFailure.of(new Condition("TASK_WRITE_FAILED", "write"), AT).restartCanFix()).isTrue();
    }

    /** An error with a Spark error condition, as Spark's own exceptions carry. */
    private static final class Condition extends RuntimeException implements SparkThrowable {
        private final String condition;

        Condition(String condition, String message) {
            super(message);
            this.condition = condition;
        }

        @Override
        public String getCondition() {
            return condition;
        }

        @Override
        public Map<String, String> getMessageParameters() {
            return Map.of();
        }
    }
}
