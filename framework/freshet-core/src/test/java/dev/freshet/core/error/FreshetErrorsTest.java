package dev.freshet.core.error;

import static org.assertj.core.api.Assertions.assertThat;

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
}
