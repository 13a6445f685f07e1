package dev.freshet.spark;

import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static dev.freshet.testsupport.FeatureSets.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.error.FreshetException;
import dev.freshet.spark.CheckpointDefinition.State;
import dev.freshet.core.job.JobKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The definition record in a checkpoint directory on Hadoop's local file system (checksums included): created with
 * the checkpoint (with a warning for a checkpoint an older Freshet wrote without one), replaced after a compatible
 * change and read back, left alone when a change is refused, and the one-line record of an older Freshet upgraded
 * only when it matches.
 */
class CheckpointRecordsIT {

    private static final Configuration HADOOP = new Configuration();
    private static final List<String> STORES = List.of("Redis at 127.0.0.1:6379/0, keys freshet:tx:*");

    @TempDir
    Path checkpoint;

    private final FeatureSetSpec windows = aFeatureSet().name("tx").aggregate(List.of(
            new AggregationSpec(AggregateFunction.SUM, "amount", "")), Duration.ofMinutes(1), Duration.ofHours(1))
            .build();

    @Test
    void aNewCheckpointRecordsTheDefinition() throws IOException {
        check(definition(windows, 2));

        assertThat(CheckpointDefinition.parse(record())).isEqualTo(definition(windows, 2));
    }

    @Test
    void aCheckpointAnOlderFreshetWroteWithoutARecordIsRecordedAsItIsWithAWarning() throws IOException {
        Files.createDirectories(checkpoint.resolve("offsets"));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger logger = (Logger) LoggerFactory.getLogger(CheckpointRecords.class);
        log.start();
        logger.addAppender(log);
        try {
            check(definition(windows, 2));
        } finally {
            logger.detachAppender(log);
        }

        assertThat(CheckpointDefinition.parse(record())).isEqualTo(definition(windows, 2));
        assertThat(log.list).extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage).containsExactly(
                tuple(Level.WARN, "feature set tx: the online job's checkpoint " + checkpoint + " records no definition"
                        + " (an older Freshet wrote it without one); recording the current definition without"
                        + " comparing. If the feature set changed since that checkpoint was written, reset the job"));
    }

    @Test
    void aCompatibleChangeReplacesTheRecordWhichReadsBackNextTime() throws IOException {
        FeatureSetSpec rows = aFeatureSet().name("tx").sql("SELECT user_id, amount, timestamp FROM transaction_stream",
                column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                column("timestamp", ValueType.TIMESTAMP)).build();
        CheckpointDefinition before = CheckpointDefinition.of(rows, JobKind.ONLINE, Optional.empty());
        CheckpointDefinition after = CheckpointDefinition.of(aFeatureSet().name("tx").build(), JobKind.ONLINE,
                Optional.empty());
        check(before);

        check(after);
        check(after);

        assertThat(CheckpointDefinition.parse(record())).isEqualTo(after);
        try (var files = Files.list(checkpoint)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("freshet-definition", ".freshet-definition.crc");
        }
    }

    @Test
    void aRefusedChangeLeavesTheRecordAsItWas() throws IOException {
        check(definition(windows, 2));
        String recorded = record();

        assertThatThrownBy(() -> check(definition(windows, 4))).isInstanceOf(FreshetException.class)
                .hasMessageStartingWith("feature set \"tx\": the online job cannot resume from checkpoint " + checkpoint
                        + ", which was written for another definition of the feature set: shuffle partitions: 2 -> 4");
        assertThat(record()).isEqualTo(recorded);
    }

    @Test
    void aMatchingRecordOfAnOlderFreshetIsUpgraded() throws IOException {
        CheckpointDefinition current = definition(windows, 2);
        legacyRecord("tiles " + current.aggregations().orElseThrow().tileFormat() + ", key [user_id], shuffle"
                + " partitions 2");

        check(current);

        assertThat(CheckpointDefinition.parse(record())).isEqualTo(current);
    }

    @Test
    void aDifferingRecordOfAnOlderFreshetIsRefusedAndKept() throws IOException {
        CheckpointDefinition current = definition(windows, 2);
        String line = "tiles " + current.aggregations().orElseThrow().tileFormat() + ", key [user_id], shuffle"
                + " partitions 3";
        legacyRecord(line);

        assertThatThrownBy(() -> check(current)).hasMessageContaining("another definition of the feature set:"
                + " shuffle partitions: 3 -> 2 (");
        assertThat(record()).isEqualTo(line);
    }

    @Test
    void aRecordThatIsNoDefinitionIsRefusedWithWhy() throws IOException {
        legacyRecord("hello");

        assertThatThrownBy(() -> check(definition(windows, 2))).isInstanceOf(FreshetException.class)
                .hasMessage("feature set \"tx\": cannot read file:" + checkpoint.resolve("freshet-definition")
                        + ", the definition the online job's checkpoint was written for: it holds neither a JSON"
                        + " definition nor the one-line record of an older Freshet, but \"hello\"; if a newer version"
                        + " of Freshet wrote it, run that version, otherwise reset the online job (delete its"
                        + " checkpoint directory and what it wrote)");
    }

    private void check(CheckpointDefinition current) {
        CheckpointRecords.checkDefinition(HADOOP, checkpoint.toString(), current, STORES, "EARLIEST");
    }

    private static CheckpointDefinition definition(FeatureSetSpec spec, int partitions) {
        return CheckpointDefinition.of(spec, JobKind.ONLINE, Optional.of(new State("tiles", partitions)));
    }

    private String record() throws IOException {
        return Files.readString(checkpoint.resolve(CheckpointRecords.DEFINITION)).strip();
    }

    /** A record as an older Freshet wrote it, without a Hadoop checksum file. */
    private void legacyRecord(String line) throws IOException {
        Files.writeString(checkpoint.resolve(CheckpointRecords.DEFINITION), line + "\n");
    }
}
