package dev.freshet.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.ValueType;
import dev.freshet.core.error.FreshetException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class FeatureValueCodecTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(ValueType.STRING, "grocery", "s:grocery"),
                Arguments.of(ValueType.STRING, "", "s:"),
                Arguments.of(ValueType.STRING, "a:b|c ü", "s:a:b|c ü"),
                Arguments.of(ValueType.BOOLEAN, true, "b:true"),
                Arguments.of(ValueType.BOOLEAN, false, "b:false"),
                Arguments.of(ValueType.INT, Integer.MIN_VALUE, "i:-2147483648"),
                Arguments.of(ValueType.LONG, Long.MAX_VALUE, "l:9223372036854775807"),
                Arguments.of(ValueType.FLOAT, 1.5f, "f:1.5"),
                Arguments.of(ValueType.DOUBLE, 12.5, "d:12.5"),
                Arguments.of(ValueType.DOUBLE, 0.1 + 0.2, "d:0.30000000000000004"),
                Arguments.of(ValueType.DOUBLE, Double.NaN, "d:NaN"),
                Arguments.of(ValueType.DOUBLE, Double.NEGATIVE_INFINITY, "d:-Infinity"),
                Arguments.of(ValueType.DOUBLE, -0.0, "d:-0.0"),
                Arguments.of(ValueType.DOUBLE, Double.MIN_VALUE, "d:4.9E-324"),
                Arguments.of(ValueType.DECIMAL, new BigDecimal("12.50"), "m:12.50"),
                Arguments.of(ValueType.DECIMAL, new BigDecimal("1E+3"), "m:1000"),
                Arguments.of(ValueType.DATE, LocalDate.of(2026, 1, 31), "D:2026-01-31"),
                Arguments.of(ValueType.TIMESTAMP, Instant.parse("2026-01-31T12:00:00.000001Z"),
                        "t:2026-01-31T12:00:00.000001Z"));
    }

    @ParameterizedTest
    @MethodSource("values")
    void encodesWithATypeTagAndDecodesToTheSameValue(ValueType type, Object value, String encoded) {
        assertThat(FeatureValueCodec.encode(type, value)).isEqualTo(encoded);
        Object decoded = FeatureValueCodec.decode(type, encoded, "fs", "f");
        if (value instanceof BigDecimal d) {
            assertThat((BigDecimal) decoded).isEqualByComparingTo(d);
        } else {
            assertThat(decoded).isEqualTo(value);
        }
    }

    @Test
    void everyTypeHasItsOwnTag() {
        assertThat(Stream.of(ValueType.values()).map(FeatureValueCodec::tag).distinct()).hasSize(
                ValueType.values().length);
    }

    @Test
    void nullHasNoEncoding() {
        assertThatThrownBy(() -> FeatureValueCodec.encode(ValueType.DOUBLE, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deletes null features");
    }

    @Test
    void aValueStoredAsAnotherTypeIsAnErrorNamingBothTypes() {
        assertThatThrownBy(() -> FeatureValueCodec.decode(ValueType.LONG, "d:12.5", "user-transactions", "amount"))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("feature \"amount\" is stored in Redis as DOUBLE but declared LONG")
                .hasMessageContaining("user-transactions");
    }

    @Test
    void valuesFreshetDidNotWriteAreReportedAsForeign() {
        assertThatThrownBy(() -> FeatureValueCodec.decode(ValueType.DOUBLE, "12.5", "fs", "amount"))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("holds \"12.5\" in Redis, which Freshet did not write (it has no type tag)");
        assertThatThrownBy(() -> FeatureValueCodec.decode(ValueType.BOOLEAN, "b:yes", "fs", "flag"))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("\"yes\" is not true or false");
        assertThatThrownBy(() -> FeatureValueCodec.decode(ValueType.LONG, "l:12x", "fs", "n"))
                .isInstanceOf(FreshetException.class).hasMessageContaining("holds \"l:12x\"");
        assertThatThrownBy(() -> FeatureValueCodec.decode(ValueType.LONG, "x:1", "fs", "n"))
                .isInstanceOf(FreshetException.class)
                .hasMessageContaining("stored in Redis as an unknown type 'x' but declared LONG");
    }
}
