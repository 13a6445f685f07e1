package dev.freshet.core.naming;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FeatureSetNameTest {

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"user-transactions", "logins", "a", "x1", "42", "UserFeatures", "v2-user-features-7d"})
    void acceptsLettersDigitsAndHyphens(String name) {
        assertThat(FeatureSetName.problem(name)).isEmpty();
    }

    @Test
    void acceptsANameOfExactlyTheMaximumLength() {
        String forty = "a".repeat(40);

        assertThat(FeatureSetName.problem(forty)).isEmpty();
    }

    @Test
    void rejectsANameOneCharacterTooLong() {
        String fortyOne = "a".repeat(41);

        assertThat(FeatureSetName.problem(fortyOne)).hasValue("has 41 characters; at most 40 are allowed");
    }

    @Test
    void rejectsAnEmptyName() {
        assertThat(FeatureSetName.problem("")).hasValue("is empty");
    }

    @ParameterizedTest(name = "\"{0}\" has ''{1}'' at {2}")
    @CsvSource(delimiter = '|', value = {
        "user_transactions | _ | 4",
        "user transactions | ' ' | 4",
        "user.transactions | . | 4",
        "user/transactions | / | 4",
        "user:transactions | : | 4",
        "_users            | _ | 0",
        "users$            | $ | 5",
        "café              | é | 3",
        "ｕsers            | ｕ | 0",
    })
    void rejectsAnyOtherCharacterAndSaysWhere(String name, String character, int index) {
        assertThat(FeatureSetName.problem(name)).hasValue("contains '" + character + "' at index " + index
                + "; only letters, digits and hyphens are allowed");
    }

    @Test
    void reportsTheFirstInvalidCharacterBeforeTheLength() {
        String longAndInvalid = "a".repeat(45) + "_";

        assertThat(FeatureSetName.problem(longAndInvalid))
                .hasValue("contains '_' at index 45; only letters, digits and hyphens are allowed");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "UserTransactionFeatures, user-transaction-features",
        "Logins,                  logins",
        "HTTPLogins,              http-logins",
        "IOStream,                io-stream",
        "ABTest,                  ab-test",
        "UserHTTP,                user-http",
        "URL,                     url",
        "X,                       x",
        "userFeatures,            user-features",
    })
    void kebabCasesCamelCaseAndAcronyms(String className, String expected) {
        assertThat(FeatureSetName.fromClassName(className)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // Digits stay with the word before them, as in "http2" or "sha256"; an acronym after them starts a word.
        "Login2FAEvents,   login2-fa-events",
        "Http2Client,      http2-client",
        "Sha256Hashes,     sha256-hashes",
        "V2Features,       v2-features",
        "Features2,        features2",
        "Top10,            top10",
        "Last7DaysSpend,   last7-days-spend",
    })
    void keepsDigitsWithTheWordBeforeThem(String className, String expected) {
        assertThat(FeatureSetName.fromClassName(className)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "user_transactions,     user-transactions",
        "User_Transactions,     user-transactions",
        "USER_TRANSACTIONS,     user-transactions",
        "Outer$InnerFeatures,   outer-inner-features",
        "Foo__$$__Bar,          foo-bar",
        "CaféFeatures,          caf-features",
    })
    void turnsOtherCharactersIntoOneHyphen(String className, String expected) {
        assertThat(FeatureSetName.fromClassName(className)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "_Features,     features",
        "Features_,     features",
        "$$Features$$,  features",
        "__User__Features__, user-features",
    })
    void dropsLeadingAndTrailingHyphens(String className, String expected) {
        assertThat(FeatureSetName.fromClassName(className)).isEqualTo(expected);
    }

    @Test
    void givesAnEmptyNameForAClassNameWithoutLettersOrDigits() {
        assertThat(FeatureSetName.fromClassName("$_$")).isEmpty();
    }

    @Test
    void keepsAnOverlongDefaultNameSoThatTheRuleCanReportIt() {
        String name = FeatureSetName.fromClassName("VeryLongUserTransactionAggregationFeatureSetForFraud");

        assertThat(name).isEqualTo("very-long-user-transaction-aggregation-feature-set-for-fraud");
        assertThat(FeatureSetName.problem(name)).hasValue("has 60 characters; at most 40 are allowed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UserTransactionFeatures", "HTTPLogins", "Login2FAEvents", "Outer$Inner", "_a_B_c_",
        "ÜberFeatures", "A1B2C3"})
    void derivesANameThatFollowsTheRuleFromAnyShortClassName(String className) {
        assertThat(FeatureSetName.problem(FeatureSetName.fromClassName(className))).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "user_transactions,                                              user-transactions",
        "user transactions!,                                             user-transactions",
        "--user--features--,                                             user-features",
        "user-transaction-aggregates-over-rolling-windows-for-fraud,     user-txn-aggs-rolling-windows-fraud",
        "features-of-every-transaction-ever-made-by-any-user-anywhere,   every-txn-ever-made-any-user-anywhere",
        "average-customer-account-statistics-per-merchant-category-7d,   avg-cust-acct-stats-merchant-category-7d",
        "login-attempts-per-user-per-ip-address-over-fifteen-seconds,    login-attempts-user-ip-address-fifteen",
    })
    void suggestsAReadableNameThatFollowsTheRule(String name, String expected) {
        assertThat(FeatureSetName.suggest(name)).isEqualTo(expected);
        assertThat(FeatureSetName.problem(expected)).isEmpty();
    }

    @Test
    void keepsAValidNameAsItIs() {
        assertThat(FeatureSetName.suggest("UserFeatures-2")).isEqualTo("UserFeatures-2");
        assertThat(FeatureSetName.suggest("of-the-features")).isEqualTo("of-the-features");
    }

    @Test
    void cutsASingleWordTooLongToShorten() {
        assertThat(FeatureSetName.suggest("a".repeat(41))).isEqualTo("a".repeat(40));
    }

    @Test
    void suggestsAPlaceholderForANameWithoutLettersOrDigits() {
        assertThat(FeatureSetName.suggest("$_$")).isEqualTo("features");
    }

    @Test
    void everySuggestionFollowsTheRuleAndNeverEndsInAHyphen() {
        java.util.Random random = new java.util.Random(40);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-_ .$é";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            int length = random.nextInt(90);
            for (int c = 0; c < length; c++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String suggestion = FeatureSetName.suggest(name.toString());

            assertThat(FeatureSetName.problem(suggestion)).as("suggest(\"%s\") = \"%s\"", name, suggestion).isEmpty();
            assertThat(suggestion).as("suggest(\"%s\")", name).doesNotStartWith("-").doesNotEndWith("-");
        }
    }
}
