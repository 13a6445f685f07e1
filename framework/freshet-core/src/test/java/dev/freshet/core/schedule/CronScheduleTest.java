package dev.freshet.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CronScheduleTest {

    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String FIX = ": write five fields (minute hour day-of-month month day-of-week), such as"
            + " \"*/30 * * * *\"";

    @Test
    void runsTheDefaultScheduleEveryHalfHour() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        assertThat(runs(schedule, "2026-01-01T10:07:00Z", 4, UTC)).containsExactly(
                "2026-01-01T10:30", "2026-01-01T11:00", "2026-01-01T11:30", "2026-01-01T12:00");
    }

    @Test
    void runsEveryHourOfARange() {
        CronSchedule schedule = CronSchedule.parse("0 9-17 * * *");

        assertThat(runs(schedule, "2026-01-01T16:30:00Z", 4, UTC)).containsExactly(
                "2026-01-01T17:00", "2026-01-02T09:00", "2026-01-02T10:00", "2026-01-02T11:00");
    }

    @Test
    void runsEveryStep() {
        CronSchedule schedule = CronSchedule.parse("*/15 * * * *");

        assertThat(runs(schedule, "2026-01-01T10:50:00Z", 4, UTC)).containsExactly(
                "2026-01-01T11:00", "2026-01-01T11:15", "2026-01-01T11:30", "2026-01-01T11:45");
    }

    @Test
    void runsEveryStepWithinARange() {
        CronSchedule schedule = CronSchedule.parse("0 9-17/4 * * *");

        assertThat(runs(schedule, "2026-01-01T00:00:00Z", 4, UTC)).containsExactly(
                "2026-01-01T09:00", "2026-01-01T13:00", "2026-01-01T17:00", "2026-01-02T09:00");
    }

    @Test
    void runsAtEveryValueOfAList() {
        CronSchedule schedule = CronSchedule.parse("0,30 * * * *");

        assertThat(runs(schedule, "2026-01-01T10:00:00Z", 3, UTC)).containsExactly(
                "2026-01-01T10:30", "2026-01-01T11:00", "2026-01-01T11:30");
    }

    @Test
    void readsMonthAndDayNames() {
        CronSchedule schedule = CronSchedule.parse("0 0 * JAN MON");

        assertThat(runs(schedule, "2026-01-01T00:00:00Z", 5, UTC)).containsExactly(
                "2026-01-05T00:00", "2026-01-12T00:00", "2026-01-19T00:00", "2026-01-26T00:00", "2027-01-04T00:00");
    }

    @Test
    void readsNamesInLowerCase() {
        assertThat(CronSchedule.parse("0 0 * jan mon")
                .nextRunAfter(Instant.parse("2026-01-01T00:00:00Z"), UTC))
                .hasValue(Instant.parse("2026-01-05T00:00:00Z"));
    }

    @Test
    void skipsWeekendsWithARangeOfDayNames() {
        CronSchedule schedule = CronSchedule.parse("0 0 * * MON-FRI");

        // 2026-01-02 is a Friday.
        assertThat(runs(schedule, "2026-01-01T12:00:00Z", 3, UTC)).containsExactly(
                "2026-01-02T00:00", "2026-01-05T00:00", "2026-01-06T00:00");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0 0 * * 0", "0 0 * * 7", "0 0 * * SUN"})
    void readsSundayAsZeroSevenOrSun(String expression) {
        assertThat(runs(CronSchedule.parse(expression), "2026-01-01T00:00:00Z", 2, UTC))
                .containsExactly("2026-01-04T00:00", "2026-01-11T00:00");
    }

    @Test
    void runsOnTheDayOfMonthOrTheDayOfWeekWhenBothAreRestricted() {
        CronSchedule schedule = CronSchedule.parse("0 0 13 * 5");

        // Fridays, plus Tuesday 13 January; Friday 13 February once.
        assertThat(runs(schedule, "2026-01-01T00:00:00Z", 9, UTC)).containsExactly(
                "2026-01-02T00:00", "2026-01-09T00:00", "2026-01-13T00:00", "2026-01-16T00:00", "2026-01-23T00:00",
                "2026-01-30T00:00", "2026-02-06T00:00", "2026-02-13T00:00", "2026-02-20T00:00");
    }

    @Test
    void runsOnlyOnTheDayOfMonthWhenTheDayOfWeekIsUnrestricted() {
        assertThat(runs(CronSchedule.parse("0 0 13 * *"), "2026-01-01T00:00:00Z", 3, UTC))
                .containsExactly("2026-01-13T00:00", "2026-02-13T00:00", "2026-03-13T00:00");
    }

    @Test
    void runsOnlyOnTheDayOfWeekWhenTheDayOfMonthIsUnrestricted() {
        assertThat(runs(CronSchedule.parse("0 0 * * 5"), "2026-01-01T00:00:00Z", 3, UTC))
                .containsExactly("2026-01-02T00:00", "2026-01-09T00:00", "2026-01-16T00:00");
    }

    @Test
    void looksBackOnTheDayOfMonthOrTheDayOfWeekWhenBothAreRestricted() {
        CronSchedule schedule = CronSchedule.parse("0 0 13 * 5");

        // Wednesday 14 January: the last run was Tuesday the 13th, not Friday the 9th.
        assertThat(schedule.lastRunAtOrBefore(Instant.parse("2026-01-14T12:00:00Z"), UTC))
                .hasValue(Instant.parse("2026-01-13T00:00:00Z"));
        assertThat(schedule.lastRunAtOrBefore(Instant.parse("2026-01-12T12:00:00Z"), UTC))
                .hasValue(Instant.parse("2026-01-09T00:00:00Z"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "0 0 13 * 5",
        "0 0 1,15 * MON",
        "30 6 10-12 * SAT,SUN",
        "0 12 31 * 0",
        "0 12 1 2 0",
    })
    void agreesWithANaiveMinuteByMinuteOracleForAYear(String expression) {
        CronSchedule schedule = CronSchedule.parse(expression);
        Predicate<ZonedDateTime> oracle = naiveUnixCron(expression);
        ZonedDateTime start = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, PARIS);
        Instant end = start.plusYears(1).toInstant();

        List<Instant> expected = new ArrayList<>();
        for (Instant t = start.toInstant().plusSeconds(60); t.isBefore(end); t = t.plusSeconds(60)) {
            if (oracle.test(t.atZone(PARIS))) {
                expected.add(t);
            }
        }
        List<Instant> actual = new ArrayList<>();
        for (Instant t = schedule.nextRunAfter(start.toInstant(), PARIS).orElseThrow(); t.isBefore(end);
                t = schedule.nextRunAfter(t, PARIS).orElseThrow()) {
            actual.add(t);
        }

        assertThat(actual).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void runsAFixedLocalTimeAtADifferentInstantOnceSummerTimeStarts() {
        CronSchedule schedule = CronSchedule.parse("0 9 * * *");

        // Europe/Paris moves from UTC+1 to UTC+2 on 2026-03-29.
        assertThat(schedule.nextRunAfter(Instant.parse("2026-03-28T00:00:00Z"), PARIS))
                .hasValue(Instant.parse("2026-03-28T08:00:00Z"));
        assertThat(schedule.nextRunAfter(Instant.parse("2026-03-29T00:00:00Z"), PARIS))
                .hasValue(Instant.parse("2026-03-29T07:00:00Z"));
    }

    @Test
    void runsAFixedLocalTimeAtTheSameInstantEveryDayInUtc() {
        CronSchedule schedule = CronSchedule.parse("0 9 * * *");

        assertThat(schedule.nextRunAfter(Instant.parse("2026-03-28T00:00:00Z"), UTC))
                .hasValue(Instant.parse("2026-03-28T09:00:00Z"));
        assertThat(schedule.nextRunAfter(Instant.parse("2026-03-29T00:00:00Z"), UTC))
                .hasValue(Instant.parse("2026-03-29T09:00:00Z"));
    }

    @Test
    void runsALocalTimeThatOccursTwiceWhenSummerTimeEndsOnlyOnce() {
        CronSchedule schedule = CronSchedule.parse("30 2 * * *");

        // On 2026-10-25 Europe/Paris goes from 03:00 CEST back to 02:00 CET: 02:30 happens at 00:30Z and 01:30Z.
        List<Instant> runs = new ArrayList<>();
        Instant t = Instant.parse("2026-10-24T12:00:00Z");
        for (int i = 0; i < 2; i++) {
            t = schedule.nextRunAfter(t, PARIS).orElseThrow();
            runs.add(t);
        }
        assertThat(runs).containsExactly(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
    }

    @Test
    void keepsAnIntervalScheduleEvenAcrossTheSummerTimeChange() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        // 01:30 CET is followed by 03:00 CEST, 30 minutes later.
        List<Instant> runs = new ArrayList<>();
        Instant t = Instant.parse("2026-03-29T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            t = schedule.nextRunAfter(t, PARIS).orElseThrow();
            runs.add(t);
        }
        assertThat(runs).containsExactly(Instant.parse("2026-03-29T00:30:00Z"),
                Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T01:30:00Z"));
    }

    @Test
    void nextRunAfterARunIsTheFollowingRun() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        assertThat(schedule.nextRunAfter(Instant.parse("2026-01-01T10:30:00Z"), UTC))
                .hasValue(Instant.parse("2026-01-01T11:00:00Z"));
    }

    @Test
    void nextRunAfterAnInstantJustBeforeARunIsThatRun() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        assertThat(schedule.nextRunAfter(Instant.parse("2026-01-01T10:29:59.999999999Z"), UTC))
                .hasValue(Instant.parse("2026-01-01T10:30:00Z"));
    }

    @Test
    void nextRunAfterAnInstantJustAfterARunIsTheFollowingRun() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        assertThat(schedule.nextRunAfter(Instant.parse("2026-01-01T10:30:00.000000001Z"), UTC))
                .hasValue(Instant.parse("2026-01-01T11:00:00Z"));
    }

    @Test
    void lastRunAtOrBeforeARunIsThatRun() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        assertThat(schedule.lastRunAtOrBefore(Instant.parse("2026-01-01T10:30:00Z"), UTC))
                .hasValue(Instant.parse("2026-01-01T10:30:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2026-01-01T10:30:00.000000001Z", "2026-01-01T10:30:30Z", "2026-01-01T10:45:00Z",
        "2026-01-01T10:59:59.999Z"})
    void lastRunAtOrBeforeAnInstantBetweenRunsIsThePreviousRun(String instant) {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        assertThat(schedule.lastRunAtOrBefore(Instant.parse(instant), UTC))
                .hasValue(Instant.parse("2026-01-01T10:30:00Z"));
    }

    @Test
    void lastRunAtOrBeforeAnInstantJustBeforeARunIsTheRunBefore() {
        CronSchedule schedule = CronSchedule.parse("*/30 * * * *");

        assertThat(schedule.lastRunAtOrBefore(Instant.parse("2026-01-01T10:29:59.999999999Z"), UTC))
                .hasValue(Instant.parse("2026-01-01T10:00:00Z"));
    }

    @Test
    void lastRunAtOrBeforeIsComputedInTheGivenZone() {
        CronSchedule schedule = CronSchedule.parse("0 9 * * *");

        assertThat(schedule.lastRunAtOrBefore(Instant.parse("2026-01-01T12:00:00Z"), PARIS))
                .hasValue(Instant.parse("2026-01-01T08:00:00Z"));
    }

    @Test
    void runsOnTheTwentyNinthOfFebruaryOnlyInLeapYears() {
        assertThat(CronSchedule.parse("0 0 29 2 *").nextRunAfter(Instant.parse("2026-01-01T00:00:00Z"), UTC))
                .hasValue(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void hasNoRunForADateThatNeverExists() {
        CronSchedule schedule = CronSchedule.parse("0 0 30 2 *");

        assertThat(schedule.nextRunAfter(Instant.parse("2026-01-01T00:00:00Z"), UTC)).isEmpty();
        assertThat(schedule.lastRunAtOrBefore(Instant.parse("2026-01-01T00:00:00Z"), UTC)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\" has {1} fields")
    @CsvSource(delimiter = '|', value = {
        "* * * *         | 4 fields",
        "0 * * * * *     | 6 fields",
        "0 0 12 * * ? *  | 7 fields",
        "@daily          | 1 field",
    })
    void rejectsAnythingButFiveFields(String expression, String fields) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CronSchedule.parse(expression))
                .withMessage("\"" + expression + "\" has " + fields + ", not five" + FIX);
        assertThat(CronSchedule.problem(expression)).hasValue("has " + fields + ", not five");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   ", "\t"})
    void rejectsAnEmptyExpression(String expression) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CronSchedule.parse(expression))
                .withMessage("\"" + expression + "\" is empty" + FIX);
    }

    @Test
    void rejectsNullAsAnEmptyExpression() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CronSchedule.parse(null))
                .withMessage("\"\" is empty" + FIX);
        assertThat(CronSchedule.problem(null)).hasValue("is empty");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "61 * * * *    | has 61 in its minute field, which takes 0-59 (such as \"0\", \"*/15\" or \"0,30\")",
        "0,61 * * * *  | has 61 in its minute field, which takes 0-59 (such as \"0\", \"*/15\" or \"0,30\")",
        "60-61 * * * * | has 60 in its minute field, which takes 0-59 (such as \"0\", \"*/15\" or \"0,30\")",
        "* 24 * * *    | has 24 in its hour field, which takes 0-23 (such as \"6\", \"9-17\" or \"*/2\")",
        "* * 32 * *    | has 32 in its day-of-month field, which takes 1-31 (such as \"1\", \"1,15\" or \"*/2\")",
        "* * 0 * *     | has 0 in its day-of-month field, which takes 1-31 (such as \"1\", \"1,15\" or \"*/2\")",
        "0 0 0/2 * *   | has 0 in its day-of-month field, which takes 1-31 (such as \"1\", \"1,15\" or \"*/2\")",
        "* * * 13 *    | has 13 in its month field, which takes 1-12 or JAN-DEC (such as \"1\", \"JAN-MAR\" or"
                + " \"*/3\")",
        "* * * 0 *     | has 0 in its month field, which takes 1-12 or JAN-DEC (such as \"1\", \"JAN-MAR\" or"
                + " \"*/3\")",
        "* * * * 8     | has 8 in its day-of-week field, which takes 0-7 or SUN-SAT, 0 and 7 being Sunday (such as"
                + " \"1\", \"MON-FRI\" or \"0,6\")",
        "*/0 * * * *   | has the step 0 in its minute field, which takes steps of 1-59 (such as \"*/15\")",
        "5/0 * * * *   | has the step 0 in its minute field, which takes steps of 1-59 (such as \"*/15\")",
        "*/60 * * * *  | has the step 60 in its minute field, which takes steps of 1-59 (such as \"*/15\")",
        "0 */24 * * *  | has the step 24 in its hour field, which takes steps of 1-23 (such as \"*/15\")",
        "0 0 * * */0   | has the step 0 in its day-of-week field, which takes steps of 1-7 (such as \"*/7\")",
        "5-1 * * * *   | has the range 5-1 in its minute field, which ends before it starts; ranges do not wrap"
                + " around: write \"5-59,0-1\"",
        "0 22-2 * * *  | has the range 22-2 in its hour field, which ends before it starts; ranges do not wrap"
                + " around: write \"22-23,0-2\"",
        "0 0 * NOV-FEB * | has the range NOV-FEB in its month field, which ends before it starts; ranges do not wrap"
                + " around: write \"11-12,1-2\"",
        "0 0 * * SUN-MON | has the range SUN-MON in its day-of-week field, which ends before it starts; ranges do not"
                + " wrap around: write \"0-1\"",
        "0 0 * * SAT-MON | has the range SAT-MON in its day-of-week field, which ends before it starts; ranges do not"
                + " wrap around: write \"6,0-1\"",
        "1,,2 * * * *  | has an empty item in the list \"1,,2\" of its minute field (a list is written such as"
                + " \"1,15\")",
    })
    void namesTheFieldAtFaultWhatItTakesAndAnExample(String expression, String why) {
        assertThat(CronSchedule.problem(expression)).hasValue(why);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CronSchedule.parse(expression))
                .withMessage("\"" + expression + "\" " + why + FIX);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
        "abc * * * *     | minute       | abc",
        "H * * * *       | minute       | H",
        "- * * * *       | minute       | -",
        "*/ * * * *      | minute       | */",
        "*/-1 * * * *    | minute       | */-1",
        "0 0 L * *       | day-of-month | L",
        "0 0 1W * *      | day-of-month | 1W",
        "0 0 ? * *       | day-of-month | ?",
        "0 0 ** * *      | day-of-month | **",
        "0 0 * JANUARY * | month        | JANUARY",
        "0 0 * * 5L      | day-of-week  | 5L",
        "0 0 * * 5#3     | day-of-week  | 5#3",
        "0 0 * * MONDAY  | day-of-week  | MONDAY",
    })
    void namesTheFieldOfSomethingUnixCronDoesNotRead(String expression, String field, String token) {
        assertThat(CronSchedule.problem(expression)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("has \"" + token + "\" in its " + field + " field, which takes ")
                .contains(", with ranges, lists and steps (such as "));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
        // the examples the messages give, each in its field
        "0 * * * *", "*/15 * * * *", "0,30 * * * *", "0 6 * * *", "0 9-17 * * *", "0 */2 * * *", "0 0 1 * *",
        "0 0 1,15 * *", "0 0 */2 * *", "0 0 1 1 *", "0 0 1 JAN-MAR *", "0 0 1 */3 *", "0 0 * * 1", "0 0 * * MON-FRI",
        "0 0 * * 0,6", "0 */23 * * *", "0 0 * * */7", "1,15 * * * *",
        // the ranges written forwards
        "5-59,0-1 * * * *", "0 22-23,0-2 * * *", "0 0 * 11-12,1-2 *", "0 0 * * 0-1", "0 0 * * 6,0-1",
        "*/30 * * * *"})
    void everyExpressionTheMessagesSuggestParses(String expression) {
        assertThat(CronSchedule.problem(expression)).isEmpty();
        assertThat(CronSchedule.parse(expression).expression()).isEqualTo(expression);
    }

    @Test
    void keepsTheParsersErrorAsTheCause() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> CronSchedule.parse("61 * * * *"))
                .withCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesTheDefaultScheduleInWords() {
        assertThat(CronSchedule.parse("*/30 * * * *").describe()).isEqualTo("every 30 minutes");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"0 9-17 * * *", "0,30 * * * *", "0 0 * JAN MON", "0 0 13 * 5", "0 0 * * MON-FRI"})
    void describesEveryScheduleWithSomeText(String expression) {
        assertThat(CronSchedule.parse(expression).describe()).isNotBlank();
    }

    @Test
    void keepsTheExpressionTrimmed() {
        CronSchedule schedule = CronSchedule.parse("  0 0 * * *  ");

        assertThat(schedule.expression()).isEqualTo("0 0 * * *");
        assertThat(schedule).hasToString("0 0 * * *");
    }

    @Test
    void acceptsTabsAndRepeatedSpacesBetweenFields() {
        CronSchedule schedule = CronSchedule.parse("*/30  *\t* * *");

        assertThat(schedule.nextRunAfter(Instant.parse("2026-01-01T10:07:00Z"), UTC))
                .hasValue(Instant.parse("2026-01-01T10:30:00Z"));
    }

    @Test
    void equalsAScheduleOfTheSameExpression() {
        assertThat(CronSchedule.parse("*/30 * * * *"))
                .isEqualTo(CronSchedule.parse(" */30 * * * * "))
                .hasSameHashCodeAs(CronSchedule.parse("*/30 * * * *"))
                .isNotEqualTo(CronSchedule.parse("*/15 * * * *"));
    }

    /** The next {@code n} runs after {@code start}, as local date-times in {@code zone}. */
    private static List<String> runs(CronSchedule schedule, String start, int n, ZoneId zone) {
        List<String> runs = new ArrayList<>();
        Instant t = Instant.parse(start);
        for (int i = 0; i < n; i++) {
            t = schedule.nextRunAfter(t, zone).orElseThrow();
            runs.add(LocalDateTime.ofInstant(t, zone).toString());
        }
        return runs;
    }

    /**
     * A deliberately naive reading of the few five-field expressions the oracle test uses: numbers, lists, ranges and
     * day names, with the Unix rule that a restricted day-of-month and a restricted day-of-week match either way.
     */
    private static Predicate<ZonedDateTime> naiveUnixCron(String expression) {
        String[] f = expression.split(" ");
        Predicate<Integer> minute = field(f[0]);
        Predicate<Integer> hour = field(f[1]);
        Predicate<Integer> dayOfMonth = field(f[2]);
        Predicate<Integer> month = field(f[3]);
        Predicate<Integer> dayOfWeek = field(f[4].replace("SUN", "0").replace("MON", "1").replace("SAT", "6"));
        boolean domRestricted = !f[2].equals("*");
        boolean dowRestricted = !f[4].equals("*");
        return t -> {
            int dow = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : t.getDayOfWeek().getValue();
            boolean dom = dayOfMonth.test(t.getDayOfMonth());
            boolean dw = dayOfWeek.test(dow);
            boolean day = domRestricted && dowRestricted ? dom || dw : dom && dw;
            return t.getSecond() == 0 && minute.test(t.getMinute()) && hour.test(t.getHour())
                    && month.test(t.getMonthValue()) && day;
        };
    }

    private static Predicate<Integer> field(String field) {
        if (field.equals("*")) {
            return v -> true;
        }
        Predicate<Integer> any = v -> false;
        for (String part : field.split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            any = any.or(v -> v >= from && v <= to);
        }
        return any;
    }
}
