package dev.freshet.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationLiteralTest {

    private static final String FORMS = "write <n>ms, <n>s, <n>m, <n>h or <n>d";

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
        "500ms, PT0.5S",
        "5s,    PT5S",
        "1m,    PT1M",
        "3h,    PT3H",
        "7d,    PT168H",
    })
    void parsesEveryShortUnit(String literal, Duration expected) {
        assertThat(DurationLiteral.parse(literal)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
        "1 millisecond,   PT0.001S",
        "250 milliseconds, PT0.25S",
        "1 second,        PT1S",
        "30 seconds,      PT30S",
        "1 minute,        PT1M",
        "15 minutes,      PT15M",
        "1 hour,          PT1H",
        "3 hours,         PT3H",
        "7 day,           PT168H",
        "2 days,          PT48H",
    })
    void parsesSpelledOutUnitsSingularOrPlural(String literal, Duration expected) {
        assertThat(DurationLiteral.parse(literal)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {" 5s", "5s ", "5 s", "5\ts", "\n 5  s \n", "5   seconds"})
    void ignoresWhitespaceAroundAndBetweenNumberAndUnit(String literal) {
        assertThat(DurationLiteral.parse(literal)).isEqualTo(Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5S", "5 Seconds", "5 SECONDS", "5 sEcOnD"})
    void ignoresTheCaseOfTheUnit(String literal) {
        assertThat(DurationLiteral.parse(literal)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void readsAnUpperCaseMAsMinutesNotMonths() {
        assertThat(DurationLiteral.parse("5M")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void acceptsLeadingZeros() {
        assertThat(DurationLiteral.parse("007d")).isEqualTo(Duration.ofDays(7));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "\t\n"})
    void rejectsAnEmptyOrBlankValue(String literal) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.parse(literal))
                .withMessage("\"" + literal + "\" is empty: " + FORMS + ", such as \"5s\" or \"7d\"");
        assertThat(DurationLiteral.problem(literal)).hasValue("is empty");
    }

    @Test
    void rejectsNullAsAnEmptyValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.parse(null))
                .withMessage("\"\" is empty: " + FORMS + ", such as \"5s\" or \"7d\"");
        assertThat(DurationLiteral.problem(null)).hasValue("is empty");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0s", "0ms", "0 days", "000h"})
    void rejectsZero(String literal) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.parse(literal))
                .withMessage("\"" + literal + "\" is zero: " + FORMS + ", such as \"5s\" or \"7d\"");
        assertThat(DurationLiteral.problem(literal)).hasValue("is zero");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0s", "0ms", "0 days", "000h", " 0 seconds ", "0 Minutes", "0M"})
    void tellsAZeroInAKnownUnit(String literal) {
        assertThat(DurationLiteral.isZero(literal)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0parsecs", "0x", "0 fortnights", "0", "0.0s", "-0s", "1s", "10s", "01ms", "", " ", "zero"})
    void tellsThatAnythingElseIsNoKnownZero(String literal) {
        assertThat(DurationLiteral.isZero(literal)).isFalse();
    }

    @Test
    void tellsThatNullIsNoZero() {
        assertThat(DurationLiteral.isZero(null)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"-5s", "+5s", "1e3ms", "5", "s", "5s5", "5 s s", "1h30m", "five s", "٥s", "1.5", "."})
    void rejectsWhatIsNotANumberFollowedByAUnit(String literal) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.parse(literal))
                .withMessage("\"" + literal + "\" is not a duration: " + FORMS + ", such as \"5s\" or \"7d\"");
        assertThat(DurationLiteral.problem(literal)).hasValue("is not a duration");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"1.5h", "1,5h", "0.5 seconds", ".5m", " 2.25 d "})
    void rejectsADecimalAsNotAWholeNumber(String literal) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.parse(literal))
                .withMessage("\"" + literal + "\" is not a whole number: " + FORMS + ", such as \"5s\" or \"7d\"");
        assertThat(DurationLiteral.problem(literal)).hasValue("is not a whole number");
    }

    @ParameterizedTest(name = "\"{0}\" has unit \"{1}\"")
    @CsvSource({
        "5x,      x",
        "5 sec,   sec",
        "5 mins,  mins",
        "2w,      w",
        "1 month, month",
        "1y,      y",
        "5us,     us",
        "5ns,     ns",
    })
    void rejectsAnUnknownUnitAndNamesIt(String literal, String unit) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.parse(literal))
                .withMessage("\"" + literal + "\" has an unknown unit \"" + unit + "\": " + FORMS
                        + ", such as \"5s\" or \"7d\"");
        assertThat(DurationLiteral.problem(literal)).hasValue("has an unknown unit \"" + unit + "\"");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5s", "1 minute", "7d", "500ms"})
    void hasNoProblemWithADuration(String literal) {
        assertThat(DurationLiteral.problem(literal)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"500ms", "1500ms", "1001 milliseconds"})
    void tellsThatMillisecondsBeyondAWholeSecondAreNoWholeSeconds(String literal) {
        assertThat(DurationLiteral.wholeSecondsProblem(literal)).hasValue("is not a whole number of seconds");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"5s", "1 minute", "7d", "2000ms"})
    void hasNoWholeSecondsProblemWithWholeSeconds(String literal) {
        assertThat(DurationLiteral.wholeSecondsProblem(literal)).isEmpty();
    }

    @Test
    void givesTheReasonOfAnyOtherLiteralAsAWholeSecondsProblem() {
        assertThat(DurationLiteral.wholeSecondsProblem("1.5h")).hasValue("is not a whole number");
        assertThat(DurationLiteral.wholeSecondsProblem("0s")).hasValue("is zero");
    }

    @Test
    void acceptsTheLongestDurationWhoseMillisecondsFitALong() {
        assertThat(DurationLiteral.parse(Long.MAX_VALUE + "ms")).isEqualTo(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Test
    void acceptsTheLargestNumberOfDaysWhoseMillisecondsFitALong() {
        long maxDays = Long.MAX_VALUE / Duration.ofDays(1).toMillis();

        assertThat(DurationLiteral.parse(maxDays + "d")).isEqualTo(Duration.ofDays(maxDays));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        "9223372036854775808ms", // Long.MAX_VALUE + 1: the number itself overflows
        "106751991168d", // fits a long, but not once in milliseconds
        "999999999999d",
        "9223372036854775807d", // overflows Duration itself
        "99999999999999999999999999999999s",
    })
    void rejectsADurationTooLongToBeWrittenBackInMilliseconds(String literal) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.parse(literal))
                .withMessage("\"" + literal + "\" is too long: at most 9223372036854775807ms"
                        + " (about 292 million years)");
        assertThat(DurationLiteral.problem(literal))
                .hasValue("is too long: at most 9223372036854775807ms (about 292 million years)");
    }

    @ParameterizedTest(name = "{0} is \"{1}\"")
    @CsvSource({
        "PT0.001S,   1ms",
        "PT1.5S,     1500ms",
        "PT1S,       1s",
        "PT59S,      59s",
        "PT60S,      1m",
        "PT90S,      90s",
        "PT1H,       1h",
        "PT90M,      90m",
        "PT24H,      1d",
        "PT25H,      25h",
        "PT168H,     7d",
        "PT24H0.001S, 86400001ms",
    })
    void formatsInTheLargestUnitThatDividesTheDuration(Duration duration, String expected) {
        assertThat(DurationLiteral.format(duration)).isEqualTo(expected);
    }

    @Test
    void formatsADayGivenInMilliseconds() {
        assertThat(DurationLiteral.format(Duration.ofMillis(86_400_000))).isEqualTo("1d");
    }

    @Test
    void refusesToFormatZero() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.format(Duration.ZERO))
                .withMessage("only positive durations have a literal, not PT0S");
    }

    @Test
    void refusesToFormatANegativeDuration() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.format(Duration.ofSeconds(-1)))
                .withMessage("only positive durations have a literal, not PT-1S");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"PT0.000000001S", "PT0.0015S", "PT1.000001S"})
    void refusesToFormatADurationFinerThanAMillisecond(Duration duration) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.format(duration))
                .withMessage(duration + " is finer than a millisecond and has no literal");
    }

    @Test
    void refusesToFormatADurationWhoseMillisecondsOverflowALong() {
        Duration tooLong = Duration.ofMillis(Long.MAX_VALUE).plusMillis(1);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> DurationLiteral.format(tooLong))
                .withMessage(tooLong + " is too long to have a literal");
    }

    @Test
    void parsesWhatItFormatsForRandomDurations() {
        Random random = new Random(20_261_124L);
        long[] unitMillis = {1, 1_000, 60_000, 3_600_000, 86_400_000};
        for (int i = 0; i < 20_000; i++) {
            long unit = unitMillis[random.nextInt(unitMillis.length)];
            // Mostly small amounts (the realistic literals), sometimes anything that still fits in milliseconds.
            long amount = random.nextBoolean() ? 1 + random.nextInt(1_000)
                    : 1 + (random.nextLong() >>> 1) % (Long.MAX_VALUE / unit);
            Duration duration = Duration.ofMillis(amount * unit);

            String literal = DurationLiteral.format(duration);

            assertThat(DurationLiteral.parse(literal)).as("parse(\"%s\")", literal).isEqualTo(duration);
        }
    }

    @Test
    void formatsEveryRandomLiteralBackToTheSameDurationInCanonicalForm() {
        Random random = new Random(7L);
        String[] units = {"ms", "s", "m", "h", "d", " milliseconds", " seconds", " minutes", " hours", " days"};
        for (int i = 0; i < 5_000; i++) {
            String literal = (1 + random.nextInt(100_000)) + units[random.nextInt(units.length)];
            Duration duration = DurationLiteral.parse(literal);

            String canonical = DurationLiteral.format(duration);

            assertThat(DurationLiteral.format(DurationLiteral.parse(canonical)))
                    .as("canonical form of \"%s\"", literal).isEqualTo(canonical);
            assertThat(DurationLiteral.parse(canonical)).as("\"%s\" vs \"%s\"", canonical, literal)
                    .isEqualTo(duration);
        }
    }
}
