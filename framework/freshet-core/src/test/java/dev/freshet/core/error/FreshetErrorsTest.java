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
    void tellsHowToResumeFromAnIncompatibleCheckpoint() {
        assertThat(FreshetErrors.incompatibleCheckpoint("logins", "/chk/logins", "v1", "v2"))
                .hasMessage("feature set \"logins\": checkpoint /chk/logins was written for definition v1 but the"
                        + " feature set is now v2; a changed key or aggregation cannot resume from old state: delete"
                        + " the checkpoint to reprocess the source from its starting offsets, or point"
                        + " freshet.checkpoint-root elsewhere");
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
