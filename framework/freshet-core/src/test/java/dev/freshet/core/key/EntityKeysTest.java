package dev.freshet.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntityKeysTest {

    @Test
    void oneValueIsWrittenAsIs() {
        assertThat(EntityKeys.encode(List.of("u42"))).isEqualTo("u42");
        assertThat(EntityKeys.encode(List.of(42L))).isEqualTo("42");
        assertThat(EntityKeys.encode(List.of("a|b\\c"))).isEqualTo("a|b\\c");
    }

    @Test
    void compositeKeysAreJoinedWithABarAfterEscaping() {
        assertThat(EntityKeys.encode(List.of("u42", "m|7"))).isEqualTo("u42|m\\|7");
        assertThat(EntityKeys.encode(List.of("a\\", "b"))).isEqualTo("a\\\\|b");
        assertThat(EntityKeys.encode(List.of("a", 7, 8L))).isEqualTo("a|7|8");
    }

    @Test
    void escapingKeepsDistinctCompositeKeysDistinct() {
        List<List<String>> keys = List.of(List.of("a|b", "c"), List.of("a", "b|c"), List.of("a\\", "|c"),
                List.of("a\\|", "c"), List.of("a", "b", "c"));
        assertThat(keys.stream().map(EntityKeys::encode).distinct()).hasSize(keys.size());
    }

    @Test
    void aKeyNeedsValuesThatAreNotNull() {
        assertThatThrownBy(() -> EntityKeys.encode(List.of())).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> EntityKeys.encode(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
