package dev.freshet.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.online.EntityKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshetErrorsTest {

    @Test
    void prefixesTheMessageWithTheFeatureSet() {
        FreshetException e = new FreshetException("logins", "something is wrong", null);

        assertThat(e).hasMessage("feature set \"logins\": something is wrong");
        assertThat(e.featureSet()).hasValue("logins");
    }

    @Test
    void leavesTheMessageAloneWithoutAFeatureSet() {
        FreshetException e = new FreshetException(null, "something is wrong", null);

        assertThat(e).hasMessage("something is wrong");
        assertThat(e.featureSet()).isEmpty();
    }

    @Test
    void aMissingSourceTopicNamesTheSourceTheTopicTheBrokersAndBothFixes() {
        FreshetException e = FreshetErrors.missingSourceTopics("user-transactions", "transactions",
                List.of("transactionz"), "localhost:9092");

        assertThat(e).hasMessage("feature set \"user-transactions\": source \"transactions\" reads Kafka topic"
                + " \"transactionz\", which does not exist on the brokers at localhost:9092; create it (kafka-topics.sh"
                + " --bootstrap-server localhost:9092 --create --topic transactionz), or let the job create missing"
                + " source topics when it starts: freshet.kafka.create-missing-source-topics=true"
                + " (FreshetEngine.Builder.createMissingSourceTopics)");
        assertThat(e.restartCanFix()).isFalse();
    }

    @Test
    void missingSourceTopicsAreNamedTogether() {
        assertThat(FreshetErrors.missingSourceTopics("logins", "login-events", List.of("a", "b"), "k1:9092,k2:9092"))
                .hasMessageStartingWith("feature set \"logins\": source \"login-events\" reads Kafka topics \"a\","
                        + " \"b\", which do not exist on the brokers at k1:9092,k2:9092; create them (kafka-topics.sh"
                        + " --bootstrap-server k1:9092,k2:9092 --create --topic <topic>, for each), or");
    }

    @Test
    void aBackfillTransformsSchemaProblemNamesTheMethodAndEachColumn() {
        FreshetException e = FreshetErrors.backfillTransformSchema("user-spending",
                "com.example.UserSpending.history(SparkSession)", "transaction_stream", List.of(
                        FreshetErrors.backfillColumnMissing("amount", "double")));

        assertThat(e).hasMessage("feature set \"user-spending\": the Dataset the backfill transform"
                + " com.example.UserSpending.history(SparkSession) returns does not hold the columns of stream source"
                + " \"transaction_stream\": column \"amount\" (double) is missing. Return every column of the stream"
                + " source with its type from the method (rename and cast the batch sources' columns), so that the"
                + " feature set's transform reads backfilled rows as it reads the stream's");
        assertThat(e.restartCanFix()).isFalse();
    }

    @Test
    void aBackfillTransformThatThrowsIsNamedWithWhatItThrew() {
        IllegalStateException cause = new IllegalStateException("no cards");
        FreshetException e = FreshetErrors.backfillTransformFailed("user-spending",
                "com.example.UserSpending.history(SparkSession)", cause);

        assertThat(e).hasMessage("feature set \"user-spending\": the backfill transform"
                + " com.example.UserSpending.history(SparkSession) threw java.lang.IllegalStateException: no cards while"
                + " the backfill built its plan, before it read a row; fix the method (running the backfill again runs"
                + " it the same way)");
        assertThat(e).hasCause(cause);
        assertThat(e.restartCanFix()).isFalse();
    }

    @Test
    void aBackfillTransformReturningNoDatasetSaysWhatItReturned() {
        assertThat(FreshetErrors.backfillTransformReturned("user-spending",
                "com.example.UserSpending.history(SparkSession)", "null"))
                .hasMessage("feature set \"user-spending\": the backfill transform"
                        + " com.example.UserSpending.history(SparkSession) returned null instead of a Dataset<Row> while"
                        + " the backfill built its plan, before it read a row; fix the method (running the backfill"
                        + " again runs it the same way)");
    }

    @Test
    void aBackfillSchemaProblemNamesEachColumnAndTheTypeTheStreamSourceHas() {
        FreshetException e = FreshetErrors.backfillSchema("user-spending", "transaction_stream", List.of(
                FreshetErrors.backfillColumnMissing("amount", "double"),
                FreshetErrors.backfillColumnMistyped("user_id", "bigint", "string")));

        assertThat(e).hasMessage("feature set \"user-spending\": the backfill SQL's output does not hold the columns"
                + " of stream source \"transaction_stream\": column \"amount\" (double) is missing; column"
                + " \"user_id\" is bigint, the source's is string. Select every column of the stream source with its"
                + " type in the backfill SQL (rename and CAST the batch sources' columns), so that the feature set's"
                + " transform reads backfilled rows as it reads the stream's");
        assertThat(e.restartCanFix()).isFalse();
    }

    @Test
    void namesTheUnknownFeatureSetAndSuggestsAKnownOne() {
        assertThat(FreshetErrors.unknownFeatureSet("login", List.of("logins", "user-transactions")))
                .hasMessage("no feature set is called \"login\"; did you mean \"logins\"?; known feature sets: logins,"
                        + " user-transactions");
    }

    @Test
    void namesBothClassesOfADuplicateFeatureSet() {
        assertThat(FreshetErrors.duplicateFeatureSet("logins", "com.example.A", "com.example.B"))
                .hasMessage("feature set \"logins\": declared twice on the class path, by com.example.A and"
                        + " com.example.B; feature-set names must be unique: rename one");
    }

    @Test
    void namesTheClassTheIndexAndTheCauseOfAnUnloadableProvider() {
        ClassNotFoundException cause = new ClassNotFoundException("com.example.Gone");

        FreshetException e = FreshetErrors.unloadableProvider("com.example.Gone", "jar:file:/app.jar!/index", cause);

        assertThat(e).hasMessage("cannot load feature-set provider com.example.Gone listed in jar:file:/app.jar!/index:"
                + " java.lang.ClassNotFoundException: com.example.Gone; rebuild the module that declares it"
                + " (mvn clean install)").hasCause(cause);
    }

    @Test
    void namesThePropertyAndValueOfAnInvalidSetting() {
        assertThat(FreshetErrors.invalidSetting("logins", "freshet.online.trigger-interval", "0s",
                "must be positive"))
                .hasMessage("feature set \"logins\": property freshet.online.trigger-interval = \"0s\" must be positive");
    }

    @Test
    void tellsToRecompileOnSchemaDrift() {
        assertThat(FreshetErrors.schemaDrift("logins", "user_id string, ok boolean", "user_id string, ok int"))
                .hasMessage("feature set \"logins\": the transform's output schema at run time is user_id string,"
                        + " ok int, but the processor computed user_id string, ok boolean at compile time; recompile"
                        + " the feature set with the Spark version it runs on");
    }

    @Test
    void anIncompatibleCheckpointListsEachChangeAndBothWaysToMigrate() {
        assertThat(FreshetErrors.incompatibleCheckpoint("logins", "online", "/chk/logins/online",
                List.of("key: user_id STRING -> account_id STRING", "window added: 7d (count_ok_7d)"),
                List.of("Redis at 127.0.0.1:6379, keys freshet:logins:*"), "EARLIEST"))
                .hasMessage("feature set \"logins\": the online job cannot resume from checkpoint /chk/logins/online,"
                        + " which was written for another definition of the feature set: key: user_id STRING ->"
                        + " account_id STRING; window added: 7d (count_ok_7d). Resuming would mix data of both"
                        + " definitions in its state and stores. Either declare the changed feature set under a new"
                        + " name, such as \"logins-v2\" (feature sets have no versions: a new name has checkpoints,"
                        + " Redis keys and a Delta table of its own, and the old feature set can keep running until"
                        + " its readers have moved), or reset the online job: stop it, delete the checkpoint directory"
                        + " /chk/logins/online and what the job wrote (Redis at 127.0.0.1:6379, keys"
                        + " freshet:logins:*), and start it again; it then reads the source from its starting offsets"
                        + " (EARLIEST: everything the topics still hold)")
                .extracting(FreshetException::restartCanFix).isEqualTo(false);
    }

    @Test
    void anIncompatibleCheckpointSuggestsTheNextVersionNumberAndWarnsWhatLatestOffsetsMean() {
        assertThat(FreshetErrors.incompatibleCheckpoint("logins-v2", "offline", "/chk/logins-v2/offline",
                List.of("column removed: ok BOOLEAN (the Delta table holds it)"),
                List.of("Delta table at /data/freshet_logins_v2"), "LATEST"))
                .hasMessageContaining("such as \"logins-v3\"")
                .hasMessageContaining("delete the checkpoint directory /chk/logins-v2/offline and what the job wrote"
                        + " (Delta table at /data/freshet_logins_v2)")
                .hasMessageEndingWith("(LATEST: only records produced after the restart)");
    }

    @Test
    void anIncompatibleCheckpointOfALongNameSuggestsNoNameThatBreaksTheNameRule() {
        String name = "a".repeat(39);

        assertThat(FreshetErrors.incompatibleCheckpoint(name, "online", "/chk", List.of("event time: a -> b"),
                List.of(), "EARLIEST"))
                .hasMessageContaining("under a new name (feature sets have no versions")
                .hasMessageContaining("delete the checkpoint directory /chk, and start it again");
    }

    @Test
    void anIncompatibleOfflineTableListsTheColumnsAndWhatAResetDeletes() {
        assertThat(FreshetErrors.incompatibleOfflineTable("logins", "/data/freshet_logins", "/chk/logins/offline",
                List.of("column removed: ok BOOLEAN", "column tries: INT -> DOUBLE"), "EARLIEST"))
                .hasMessage("feature set \"logins\": the offline table /data/freshet_logins holds columns the feature"
                        + " set no longer writes as they were: column removed: ok BOOLEAN; column tries: INT ->"
                        + " DOUBLE. Freshet adds new columns to a table but never drops or retypes one. Either"
                        + " declare the changed feature set under a new name, such as \"logins-v2\" (feature sets"
                        + " have no versions: a new name has checkpoints, Redis keys and a Delta table of its own, and"
                        + " the old feature set can keep running until its readers have moved), or reset the offline"
                        + " job: stop it, delete the Delta table at /data/freshet_logins and the checkpoint directory"
                        + " /chk/logins/offline, and start it again; it then reads the source from its starting"
                        + " offsets (EARLIEST: everything the topics still hold)")
                .extracting(FreshetException::restartCanFix).isEqualTo(false);
    }

    @Test
    void anUnreadableCheckpointRecordSaysWhyAndWhatToDo() {
        assertThat(FreshetErrors.unreadableCheckpointRecord("logins", "online", "/chk/logins/online/freshet-definition",
                "format 2 is newer than this version of Freshet reads (1)"))
                .hasMessage("feature set \"logins\": cannot read /chk/logins/online/freshet-definition, the definition"
                        + " the online job's checkpoint was written for: format 2 is newer than this version of"
                        + " Freshet reads (1); if a newer version of Freshet wrote it, run that version, otherwise"
                        + " reset the online job (delete its checkpoint directory and what it wrote)")
                .extracting(FreshetException::restartCanFix).isEqualTo(false);
    }

    @Test
    void namesTheFailedJobAndKeepsTheCause() {
        RuntimeException cause = new RuntimeException("Kafka is unreachable");

        assertThat(FreshetErrors.jobFailed("logins", "online", cause))
                .hasMessage("feature set \"logins\": the online job failed: Kafka is unreachable").hasCause(cause);
    }

    @Test
    void aReadOfPrunedTilesNamesTheKeyTheInstantTheNewestEventAndTheEarliestAnswerableInstant() {
        UnanswerableReadException e = FreshetErrors.prunedTiles("user-spending", EntityKey.of("u1"),
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-08T12:00:00Z"), Duration.ofMinutes(5),
                Instant.parse("2026-03-08T11:54:55Z"));

        assertThat(e).isInstanceOf(FreshetException.class).hasMessage("feature set \"user-spending\": key u1 cannot be"
                + " read as of 2026-03-01T10:00:00Z: the online job has pruned tiles this read needs (it keeps a key's"
                + " tiles for reads from 5m before its newest event, here 2026-03-08T12:00:00Z); the stored tiles"
                + " answer reads of this key as of 2026-03-08T11:54:55Z or later. Read at such an instant, or use"
                + " point-in-time retrieval from the offline store for older ones");
        assertThat(e.featureSet()).hasValue("user-spending");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(e.earliestAnswerable()).isEqualTo(Instant.parse("2026-03-08T11:54:55Z"));
    }

    @Test
    void aReadOfPrunedTilesWithoutSkewSaysTheTilesAreKeptFromTheNewestEvent() {
        assertThat(FreshetErrors.prunedTiles("logins", EntityKey.of(7L, "web"), Instant.parse("2026-03-01T10:00:00Z"),
                Instant.parse("2026-03-01T10:01:00Z"), Duration.ZERO, Instant.parse("2026-03-01T10:00:58Z")))
                .hasMessageContaining("key [7, web] cannot be read as of 2026-03-01T10:00:00Z: the online job has"
                        + " pruned tiles this read needs (it keeps a key's tiles for reads from its newest event, here"
                        + " 2026-03-01T10:01:00Z)");
    }

    @Test
    void aRowLevelReadBeforeTheStoredEventNamesTheKeyTheInstantAndTheEventTime() {
        UnanswerableReadException e = FreshetErrors.newerValuesOnly("user-transactions", EntityKey.of("u1"),
                Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-01T10:00:00.250Z"));

        assertThat(e).hasMessage("feature set \"user-transactions\": key u1 cannot be read as of 2026-03-01T10:00:00Z:"
                + " the online store keeps only each key's newest values, and those of this key come from its event at"
                + " 2026-03-01T10:00:00.250Z, after that instant; it answers reads of this key as of"
                + " 2026-03-01T10:00:00.250Z or later. Read at such an instant, or use point-in-time retrieval from"
                + " the offline store for older ones");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(e.earliestAnswerable()).isEqualTo(Instant.parse("2026-03-01T10:00:00.250Z"));
    }
}
