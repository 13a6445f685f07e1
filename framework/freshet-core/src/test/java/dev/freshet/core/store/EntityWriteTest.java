package dev.freshet.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntityWriteTest {

    private static EntityWrite at(long time, int partition, long offset) {
        return new EntityWrite(List.of("u1"), time, partition, offset, new Object[0]);
    }

    @Test
    void eventTimeDecidesFirst() {
        assertThat(at(2, 0, 0).isNewerThan(at(1, 5, 99))).isTrue();
        assertThat(at(1, 5, 99).isNewerThan(at(2, 0, 0))).isFalse();
    }

    @Test
    void thenPartitionThenOffset() {
        assertThat(at(1, 1, 0).isNewerThan(at(1, 0, 9))).isTrue();
        assertThat(at(1, 0, 9).isNewerThan(at(1, 0, 8))).isTrue();
    }

    @Test
    void theSameEventIsNotNewerThanItself() {
        assertThat(at(1, 0, 9).isNewerThan(at(1, 0, 9))).isFalse();
    }
}
