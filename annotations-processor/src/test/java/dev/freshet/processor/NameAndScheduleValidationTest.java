package dev.freshet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.freshet.processor.Compilations.compile;
import static dev.freshet.processor.Declaration.aFeatureSet;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names, durations and schedules: each error on the attribute's literal, saying how to fix it. */
class NameAndScheduleValidationTest {

    @Test
    void anInvalidNameIsReportedOnItsLiteralWithAFixedSuggestion() {
        Declaration d = aFeatureSet().with("name", "\"user_transactions\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetName] feature-set name \"user_transactions\" contains '_' at index 4;"
                + " only letters, digits and hyphens are allowed: use letters, digits and hyphens, at most 40"
                + " characters, such as \"user-transactions\"")
                .inFile(d.file()).onLine(d.line("name")).atColumn(d.column("name", "\"user_transactions\""));
    }

    @Test
    void aNameLongerThanFortyCharactersIsRefused() {
        Declaration d = aFeatureSet().with("name", "\"" + "a".repeat(41) + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("has 41 characters; at most 40 are allowed")
                .inFile(d.file()).onLine(d.line("name")).atColumn(d.column("name", "\"aaa"));
    }

    @Test
    void aLongNameGetsAReadableSuggestionThatIsItselfValid() {
        String name = "user-transaction-aggregates-over-rolling-windows-for-fraud";
        Declaration d = aFeatureSet().with("name", "\"" + name + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetName] feature-set name \"" + name + "\" has 58 characters; at most 40"
                + " are allowed: use letters, digits and hyphens, at most 40 characters, such as"
                + " \"user-txn-aggs-rolling-windows-fraud\"")
                .inFile(d.file()).onLine(d.line("name")).atColumn(d.column("name", "\"user-"));
        assertThat(compile(d.with("name", "\"user-txn-aggs-rolling-windows-fraud\"").file()))
                .succeededWithoutWarnings();
    }

    @Test
    void aDefaultNameThatBreaksTheRuleAsksForAnExplicitName() {
        Declaration d = aFeatureSet("FeaturesOfEveryTransactionEverMadeByAnyUserAnywhere").without("name");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetName] the default feature-set name"
                + " \"features-of-every-transaction-ever-made-by-any-user-anywhere\", derived from class"
                + " FeaturesOfEveryTransactionEverMadeByAnyUserAnywhere, has 60 characters; at most 40 are allowed:"
                + " give the feature set a name, such as @StreamingFeatureSet(name ="
                + " \"every-txn-ever-made-any-user-anywhere\", ...)")
                .inFile(d.file()).onLine(d.lineOf("@StreamingFeatureSet(")).atColumn(1);
    }

    @Test
    void twoFeatureSetsWithOneNameAreAnErrorOnTheSecond() {
        Declaration d = aFeatureSet().plus("""
                @StreamingFeatureSet(name = "user-transactions", key = "user_id", source = "transaction_stream",
                    timestamp = "timestamp", sql = "SELECT user_id, timestamp FROM transaction_stream")
                class Duplicate {}""");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        int line = d.lineOf("class Duplicate") - 2;
        assertThat(c).hadErrorContaining("[FreshetName] feature-set name \"user-transactions\" is already used by"
                + " test.UserTransactions: feature-set names must be unique; rename one of them")
                .inFile(d.file()).onLine(line).atColumn(d.columnOf(line, "\"user-transactions\""));
    }

    @Test
    void twoClassesWhoseProvidersWouldHaveOneNameAreAnErrorOnTheSecond() {
        Declaration d = aFeatureSet("Outer_Inner").with("name", "\"outer-inner\"").plus("""
                class Outer {
                    @StreamingFeatureSet(name = "nested", key = "user_id", source = "transaction_stream",
                        timestamp = "timestamp", sql = "SELECT user_id, timestamp FROM transaction_stream")
                    static class Inner {}
                }""");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetFeatureSet] the provider test.Outer_Inner_FeatureSet of feature set"
                + " \"nested\" cannot be written: test.Outer_Inner already generates it (nested classes are named"
                + " Outer_Inner in provider names); rename one of the classes")
                .inFile(d.file()).onLine(d.lineOf("name = \"nested\"")).atColumn(5);
    }

    @Test
    void aProviderThatCannotBeWrittenIsAnErrorOnTheFeatureSet() {
        Declaration d = aFeatureSet().plus("class UserTransactions_FeatureSet {}");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetFeatureSet] the provider test.UserTransactions_FeatureSet of feature"
                + " set \"user-transactions\" cannot be written: ")
                .inFile(d.file()).onLine(d.lineOf("@StreamingFeatureSet(")).atColumn(1);
        assertThat(c).hadErrorContaining("Check that no class of that name exists and that the output directory is"
                + " writable");
    }

    @Test
    void aFeatureSetOnAnInterfaceIsRefused() {
        Declaration d = aFeatureSet().kind("interface");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorContaining("[FreshetFeatureSet] @StreamingFeatureSet belongs on a class, not on the"
                + " interface UserTransactions: put it on an empty class")
                .inFile(d.file()).onLine(d.lineOf("@StreamingFeatureSet(")).atColumn(1);
    }

    @ParameterizedTest(name = "\"{0}\" {1}")
    @CsvSource(delimiter = '|', value = {
        "5 sec | has an unknown unit \"sec\"",
        "0s    | is zero",
        "1.5s  | is not a whole number",
        "fast  | is not a duration",
    })
    void aMalformedTriggerShowsTheAcceptedFormsWithExamples(String trigger, String why) {
        Declaration d = aFeatureSet().with("onlineTrigger", "\"" + trigger + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTrigger] onlineTrigger \"" + trigger + "\" " + why + ": write how"
                + " often the online job runs, as a positive whole number and a unit (ms, s, m, h or d, or spelled"
                + " out), such as \"5s\", \"500ms\" or \"1 minute\"")
                .inFile(d.file()).onLine(d.line("onlineTrigger"))
                .atColumn(d.column("onlineTrigger", "\"" + trigger + "\""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5s", "500ms", "1 minute"})
    void everyTriggerTheMessageSuggestsIsValid(String trigger) {
        assertThat(compile(aFeatureSet().with("onlineTrigger", "\"" + trigger + "\"").file()))
                .succeededWithoutWarnings();
    }

    private static final String CRON_FIX = ": write when the offline job runs as a Unix cron expression of five"
            + " fields, minute hour day-of-month month day-of-week, such as \"*/30 * * * *\" (every 30 minutes, the"
            + " default) or \"0 2 * * *\" (at 02:00)";

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "*/30 * * *  | has 4 fields, not five",
        "61 * * * *  | has 61 in its minute field, which takes 0-59 (such as \"0\", \"*/15\" or \"0,30\")",
        "*/0 * * * * | has the step 0 in its minute field, which takes steps of 1-59 (such as \"*/15\")",
        "0 24 * * *  | has 24 in its hour field, which takes 0-23 (such as \"6\", \"9-17\" or \"*/2\")",
        "0 0 0 * *   | has 0 in its day-of-month field, which takes 1-31 (such as \"1\", \"1,15\" or \"*/2\")",
        "0 0 * 13 *  | has 13 in its month field, which takes 1-12 or JAN-DEC (such as \"1\", \"JAN-MAR\" or"
                + " \"*/3\")",
        "0 0 * * 8   | has 8 in its day-of-week field, which takes 0-7 or SUN-SAT, 0 and 7 being Sunday (such as \"1\","
                + " \"MON-FRI\" or \"0,6\")",
        "0 0 L * *   | has \"L\" in its day-of-month field, which takes 1-31, with ranges, lists and steps (such as"
                + " \"1\", \"1,15\" or \"*/2\")",
        "0 22-2 * * * | has the range 22-2 in its hour field, which ends before it starts; ranges do not wrap around:"
                + " write \"22-23,0-2\"",
    })
    void aCronExpressionThatIsWrongNamesTheFieldItsRangeAndAnExample(String cron, String why) {
        Declaration d = aFeatureSet().with("offlineSchedule", "\"" + cron + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetSchedule] offlineSchedule \"" + cron + "\" " + why + CRON_FIX)
                .inFile(d.file()).onLine(d.line("offlineSchedule"))
                .atColumn(d.column("offlineSchedule", "\"" + cron + "\""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"*/30 * * * *", "0 2 * * *", "0 22-23,0-2 * * *"})
    void everyScheduleTheMessagesSuggestIsValid(String cron) {
        assertThat(compile(aFeatureSet().with("offlineSchedule", "\"" + cron + "\"").file()))
                .succeededWithoutWarnings();
    }

    @Test
    void aMalformedTtlIsRefused() {
        Declaration d = aFeatureSet().with("onlineTtl", "\"forever\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTtl] onlineTtl \"forever\" is not a duration: " + TTL_FIX)
                .inFile(d.file()).onLine(d.line("onlineTtl")).atColumn(d.column("onlineTtl", "\"forever\""));
    }

    private static final String TTL_FIX = "write how long a key stays in the online store after its last write, as a"
            + " positive whole number of seconds, minutes, hours or days (s, m, h or d, or spelled out; Redis expires"
            + " keys in whole seconds), such as \"7d\" or \"12 hours\", or leave it empty for the default (a"
            + " row-level set keeps keys until they are overwritten, an aggregated one until no window needs them)";

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"500ms", "1500ms"})
    void aTtlThatIsNoWholeNumberOfSecondsIsRefused(String ttl) {
        // Redis expires keys in whole seconds: such a TTL could only be rounded, and the message offers no "ms".
        Declaration d = aFeatureSet().with("onlineTtl", "\"" + ttl + "\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("[FreshetTtl] onlineTtl \"" + ttl + "\" is not a whole number of seconds: "
                + TTL_FIX)
                .inFile(d.file()).onLine(d.line("onlineTtl")).atColumn(d.column("onlineTtl", "\"" + ttl + "\""));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"7d", "12 hours", "", "2000ms", "90 seconds"})
    void everyTtlTheMessageSuggestsIsValid(String ttl) {
        assertThat(compile(aFeatureSet().with("onlineTtl", "\"" + ttl + "\"").file())).succeededWithoutWarnings();
    }

    @Test
    void aValidDeclarationCompilesWithoutWarnings() {
        assertThat(compile(aFeatureSet().file())).succeededWithoutWarnings();
    }

    @Test
    void aClassWithSeveralProblemsReportsThemAll() {
        Declaration d = aFeatureSet().with("name", "\"bad name\"").with("onlineTrigger", "\"fast\"")
                .with("offlineSchedule", "\"daily\"");
        Compilation c = compile(d.file());
        assertThat(c).hadErrorCount(3);
        assertThat(c).hadErrorContaining("[FreshetName]").inFile(d.file()).onLine(d.line("name"));
        assertThat(c).hadErrorContaining("[FreshetTrigger]").inFile(d.file()).onLine(d.line("onlineTrigger"));
        assertThat(c).hadErrorContaining("[FreshetSchedule]").inFile(d.file()).onLine(d.line("offlineSchedule"));
    }
}
