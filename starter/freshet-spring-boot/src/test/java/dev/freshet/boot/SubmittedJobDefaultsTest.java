package dev.freshet.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.core.time.DurationLiteral;
import dev.freshet.spark.submit.JobConfiguration;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** A job submitted with spark-submit and an application with the starter default the properties they share alike. */
class SubmittedJobDefaultsTest {

    private static final FreshetProperties STARTER = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("freshet", FreshetProperties.class);

    private static String submitted(String key) {
        return JobConfiguration.READ.get(key);
    }

    private static Duration submittedDuration(String key) {
        return submitted(key).startsWith("0") ? Duration.ZERO : DurationLiteral.parse(submitted(key));
    }

    @Test
    void storesAndLayoutDefaultAlike() {
        assertThat(submitted("freshet.checkpoint-root")).isEqualTo(STARTER.checkpointRoot());
        assertThat(submitted("freshet.offline.root")).isEqualTo(STARTER.offline().root());
        assertThat(submitted("freshet.redis.key-prefix")).isEqualTo(STARTER.redis().keyPrefix());
        assertThat(submitted("freshet.dead-letter.topic-pattern")).isEqualTo(STARTER.deadLetter().topicPattern());
        assertThat(Boolean.parseBoolean(submitted("freshet.dead-letter.create-topics")))
                .isEqualTo(STARTER.deadLetter().createTopics());
        assertThat(Boolean.parseBoolean(submitted("freshet.kafka.create-missing-source-topics")))
                .isEqualTo(STARTER.kafka().createMissingSourceTopics());
    }

    @Test
    void batchesTimeoutsAndBackfillsDefaultAlike() {
        assertThat(Long.parseLong(submitted("freshet.offline.max-offsets-per-trigger")))
                .isEqualTo(STARTER.offline().maxOffsetsPerTrigger());
        assertThat(Integer.parseInt(submitted("freshet.offline.files-per-batch")))
                .isEqualTo(STARTER.offline().filesPerBatch());
        assertThat(Long.parseLong(submitted("freshet.online.max-offsets-per-trigger")))
                .isEqualTo(STARTER.online().maxOffsetsPerTrigger());
        assertThat(submittedDuration("freshet.online.stop-timeout")).isEqualTo(STARTER.online().stopTimeout());
        assertThat(submittedDuration("freshet.io-timeout")).isEqualTo(STARTER.ioTimeout());
        assertThat(submittedDuration("freshet.backfill.slice")).isEqualTo(STARTER.backfill().slice());
        assertThat(Boolean.parseBoolean(submitted("freshet.backfill.run-before-online")))
                .isEqualTo(STARTER.backfill().runBeforeOnline());
    }

    @Test
    void restartsDefaultAlike() {
        FreshetProperties.Restart restart = STARTER.online().restart();
        assertThat(submittedDuration("freshet.online.restart.initial-backoff")).isEqualTo(restart.initialBackoff());
        assertThat(submittedDuration("freshet.online.restart.max-backoff")).isEqualTo(restart.maxBackoff());
        assertThat(Double.parseDouble(submitted("freshet.online.restart.jitter"))).isEqualTo(restart.jitter());
        assertThat(submittedDuration("freshet.online.restart.give-up-after")).isEqualTo(restart.giveUpAfter());
        assertThat(submittedDuration("freshet.online.restart.stable-after")).isEqualTo(restart.stableAfter());
    }
}
