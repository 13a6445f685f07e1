package dev.freshet.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class SparkMemoryTest {

    @Test
    void gibibytesAndMebibytesAreRead() {
        assertThat(SparkMemory.parse("4g").mebibytes()).isEqualTo(4096);
        assertThat(SparkMemory.parse("512m").mebibytes()).isEqualTo(512);
        assertThat(SparkMemory.parse(" 2G ").mebibytes()).isEqualTo(2048);
    }

    @Test
    void anAmountIsWrittenInGibibytesWhenItIsWholeGibibytes() {
        assertThat(SparkMemory.parse("2048m")).hasToString("2g");
        assertThat(SparkMemory.parse("1536m")).hasToString("1536m");
    }

    @Test
    void textWithoutAUnitOrWithAnotherUnitIsRefusedWithWhatToWrite() {
        for (String text : new String[] {"4", "4gb", "4 g", "1.5g", "-1g", "four", ""}) {
            assertThatIllegalArgumentException().as(text).isThrownBy(() -> SparkMemory.parse(text))
                    .withMessage("is not an amount of memory: write a positive whole number of mebibytes or"
                            + " gibibytes, such as 512m or 4g");
        }
    }

    @Test
    void zeroIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> SparkMemory.parse("0g"))
                .withMessageContaining("positive whole number");
        assertThatIllegalArgumentException().isThrownBy(() -> new SparkMemory(0))
                .withMessage("Spark memory must be positive, not 0 MiB");
    }
}
