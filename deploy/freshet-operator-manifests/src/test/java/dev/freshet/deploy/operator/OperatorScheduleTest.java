package dev.freshet.deploy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorScheduleTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*/30 * * * *     | */30 * * * *",
        "0 * * * *        | 0 * * * *",
        "0 9 * * MON-FRI  | 0 9 * * MON-FRI",
        "0 0 1,15 JAN-MAR * | 0 0 1,15 JAN-MAR *",
        "0 0 * * */2      | 0 0 * * */2",
        "0 6 * * 0,6      | 0 6 * * 0,6"})
    void whatBothParsersReadAlikeIsKeptAsWritten(String freshet, String operator) {
        OperatorSchedule schedule = OperatorSchedule.of(freshet);
        assertThat(schedule.schedule()).isEqualTo(operator);
        assertThat(schedule.converted()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0 3 * * 7        | 0 3 * * 0",
        "0 3 * * SUN      | 0 3 * * 0",
        "0 3 * * sun      | 0 3 * * 0",
        "0 3 * * MON-SUN  | 0 3 * * 0-6",
        "0 3 * * 5-7      | 0 3 * * 0,5,6",
        "0 3 * * 1,3,7    | 0 3 * * 0,1,3",
        "0 3 * * 3-7/2    | 0 3 * * 0,3,5",
        "30 2 1 * SUN     | 30 2 1 * 0"})
    void aSeventhDayIsWrittenAsSundayZero(String freshet, String operator) {
        OperatorSchedule schedule = OperatorSchedule.of(freshet);
        assertThat(schedule.schedule()).isEqualTo(operator);
        assertThat(schedule.converted()).isTrue();
        assertThat(schedule.freshet()).isEqualTo(freshet.trim());
    }

    @Test
    void anExpressionFreshetRefusesIsRefusedWithItsReason() {
        assertThatIllegalArgumentException().isThrownBy(() -> OperatorSchedule.of("0 25 * * *"))
                .withMessageStartingWith("\"0 25 * * *\" has 25 in its hour field");
    }
}
