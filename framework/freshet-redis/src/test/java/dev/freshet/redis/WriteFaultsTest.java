package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WriteFaultsTest {

    @Test
    void noFaultsAllowEverythingAndNeverThrow() {
        WriteFaults none = WriteFaults.none();
        assertThat(none.active()).isFalse();
        assertThat(none.allowance(1000)).isEqualTo(1000);
        none.sent(1_000_000, "fs");
        assertThat(none.fired()).isFalse();
    }

    @Test
    void aFaultCutsTheChunkAtItsCountThrowsOnceThenAllowsEverything() {
        WriteFaults faults = WriteFaults.failOnceAfter(1500);
        assertThat(faults.allowance(1000)).isEqualTo(1000);
        faults.sent(1000, "fs");
        assertThat(faults.allowance(1000)).isEqualTo(500);
        assertThatThrownBy(() -> faults.sent(500, "user-transactions"))
                .isInstanceOf(WriteFaults.InjectedFault.class)
                .hasMessageContaining("writer of feature set \"user-transactions\" crashed after 1500 acknowledged");
        assertThat(faults.fired()).isTrue();
        assertThat(faults.allowance(1000)).isEqualTo(1000);
        faults.sent(1000, "fs");
    }

    @Test
    void faultsAreIndependentOfEachOther() {
        WriteFaults a = WriteFaults.failOnceAfter(10);
        WriteFaults b = WriteFaults.failOnceAfter(10);
        assertThatThrownBy(() -> a.sent(10, "fs")).isInstanceOf(WriteFaults.InjectedFault.class);
        assertThat(b.fired()).isFalse();
        assertThat(b.allowance(100)).isEqualTo(10);
    }
}
