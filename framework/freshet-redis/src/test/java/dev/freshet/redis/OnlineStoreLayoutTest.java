package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OnlineStoreLayoutTest {

    private final OnlineStoreLayout layout = new OnlineStoreLayout("freshet");

    @Test
    void oneKeyValueIsWrittenAsIs() {
        assertThat(layout.key("user-transactions", List.of("u42"))).isEqualTo("freshet:user-transactions:u42");
        assertThat(layout.key("user-transactions", List.of(42L))).isEqualTo("freshet:user-transactions:42");
        assertThat(layout.key("user-transactions", List.of("a|b\\c"))).isEqualTo("freshet:user-transactions:a|b\\c");
    }

    @Test
    void compositeKeysAreJoinedWithABarAfterEscaping() {
        assertThat(layout.key("card-merchant", List.of("u42", "m|7"))).isEqualTo("freshet:card-merchant:u42|m\\|7");
        assertThat(layout.key("card-merchant", List.of("a", 7, 8L))).isEqualTo("freshet:card-merchant:a|7|8");
    }

    @Test
    void thePatternMatchesEveryEntityOfOneSet() {
        assertThat(layout.pattern("user-transactions")).isEqualTo("freshet:user-transactions:*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a:b", "has space"})
    void aPrefixWithoutColonsOrSpacesIsRequired(String prefix) {
        assertThatThrownBy(() -> new OnlineStoreLayout(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be non-empty, without colons or spaces");
    }

    @Test
    void aKeyNeedsValues() {
        assertThatThrownBy(() -> layout.key("user-transactions", List.of())).hasMessageContaining("at least one value");
        assertThatThrownBy(() -> layout.key("user-transactions", Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }
}
