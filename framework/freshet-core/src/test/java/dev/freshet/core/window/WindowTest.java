package dev.freshet.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Window literals: what is a window, what is not and why, and the canonical label. */
class WindowTest {

    private static final String FORMS = ": write a whole number of seconds, minutes, hours or days: <n>s, <n>m, <n>h"
            + " or <n>d, or spelled out (\"1 minute\", \"3 hours\", \"7 day\"), such as \"10s\" or \"7d\"";

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource({
        "10s,      10s",
        "60s,      1m",
        "1 minute, 1m",
        "3 hours,  3h",
        "7 day,    7d",
        "90m,      90m",
        "1000ms,   1s",
    })
    void parsesAWholeNumberOfSecondsInAnyUnit(String literal, String label) {
        assertThat(Window.problem(literal)).isEmpty();
        assertThat(Window.parse(literal).label()).isEqualTo(label);
    }

    @ParameterizedTest(name = "\"{0}\" {1}")
    @CsvSource(delimiter = '|', value = {
        "500ms | is not a whole number of seconds",
        "1500ms | is not a whole number of seconds",
        "1.5h  | is not a whole number",
        "0s    | is zero",
        "7x    | has an unknown unit \"x\"",
        "soon  | is not a duration",
        "      | is empty",
    })
    void saysWhyALiteralIsNoWindow(String literal, String why) {
        String text = literal == null ? "" : literal;
        assertThat(Window.problem(text)).hasValue(why);
        assertThatIllegalArgumentException().isThrownBy(() -> Window.parse(text))
                .withMessage("\"" + text + "\" " + why + FORMS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PT0S", "PT-1S", "PT0.5S"})
    void refusesALengthThatIsNoPositiveWholeNumberOfSeconds(Duration length) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Window(length))
                .withMessageStartingWith("a window is a positive whole number of seconds, not ");
    }
}
