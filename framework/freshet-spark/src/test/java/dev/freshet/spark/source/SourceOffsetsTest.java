package dev.freshet.spark.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceOffsetsTest {

    @Test
    void readsAndWritesSparksJsonForm() {
        SourceOffsets offsets = SourceOffsets.parse("{\"tx\":{\"1\":40,\"0\":12}}");

        assertThat(offsets.next("tx", 0)).isEqualTo(12);
        assertThat(offsets.next("tx", 1)).isEqualTo(40);
        assertThat(offsets.json()).isEqualTo("{\"tx\":{\"0\":12,\"1\":40}}");
    }

    @Test
    void aPartitionAPointDoesNotNameHasNothingBeforeIt() {
        assertThat(SourceOffsets.parse("{\"tx\":{\"0\":12}}").next("tx", 3)).isZero();
        assertThat(SourceOffsets.parse("{}").next("tx", 0)).isZero();
    }

    @Test
    void minAndMaxArePerPartitionOverEveryPartitionEitherNames() {
        SourceOffsets a = new SourceOffsets(Map.of("tx", Map.of(0, 10L, 1, 50L)));
        SourceOffsets b = new SourceOffsets(Map.of("tx", Map.of(0, 20L, 2, 5L)));

        assertThat(a.min(b).topics()).isEqualTo(Map.of("tx", Map.of(0, 10L, 1, 0L, 2, 0L)));
        assertThat(a.max(b).topics()).isEqualTo(Map.of("tx", Map.of(0, 20L, 1, 50L, 2, 5L)));
    }

    @Test
    void somethingElseIsAClearError() {
        assertThatThrownBy(() -> SourceOffsets.parse("[1, 2]")).hasMessageContaining("not Kafka source offsets");
    }
}
