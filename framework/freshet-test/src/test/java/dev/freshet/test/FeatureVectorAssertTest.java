package dev.freshet.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freshet.api.ValueType;
import dev.freshet.api.online.EntityKey;
import dev.freshet.api.online.FeatureValue;
import dev.freshet.api.online.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FeatureVectorAssertTest {

    private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

    private static FeatureVector vector() {
        Map<String, FeatureValue> features = new LinkedHashMap<>();
        features.put("payments_10m", new FeatureValue(ValueType.LONG, 2L));
        features.put("spent_10m", new FeatureValue(ValueType.DOUBLE, 15.0));
        features.put("avg_10m", new FeatureValue(ValueType.DOUBLE, null));
        return new FeatureVector("spending", EntityKey.of("u1"), T, features);
    }

    private static void rememberRead() {
        LastRead.remember(new LastRead("spending", List.of("u1"), List.of(new SentRecord("tx", 0, 0, T,
                "u1".getBytes(StandardCharsets.UTF_8), "{\"user_id\":\"u1\",\"amount\":10}"
                        .getBytes(StandardCharsets.UTF_8)))));
    }

    @AfterEach
    void forget() {
        LastRead.remember(null);
    }

    @Test
    void passingAssertionsCompareNumbersByValue() {
        FreshetAssertions.assertThat(vector()).isPresent().hasFeature("payments_10m", 2).hasFeature("spent_10m", 15)
                .hasFeature("spent_10m", 15.0 + 1e-12).hasNoFeature("avg_10m")
                .hasFeatures(Map.of("payments_10m", 2L, "spent_10m", 15.0));
        FreshetAssertions.assertThat(Optional.empty()).isEmpty();
    }

    @Test
    void aWrongValueShowsTheWholeVectorAndTheRecordsSentForTheKey() {
        rememberRead();

        assertThatThrownBy(() -> FreshetAssertions.assertThat(vector()).hasFeature("spent_10m", 42.0))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        expected feature "spent_10m" = 42.0 (Double), but it is 15.0 (Double).
                        vector of spending [u1] (newest event 2026-03-01T10:00:00Z):
                          payments_10m = 2
                          spent_10m = 15.0
                          avg_10m = null
                        records sent for the key (1):
                          tx-0@0 (Kafka time 2026-03-01T10:00:00Z): {"user_id":"u1","amount":10}""");
    }

    @Test
    void anUnknownFeatureNamesTheFeaturesThereAre() {
        assertThatThrownBy(() -> FreshetAssertions.assertThat(vector()).as("after the late event")
                .hasFeature("spent_1h", 1.0))
                .hasMessageStartingWith("[after the late event] expected feature \"spent_1h\" = 1.0, but the feature"
                        + " set has no feature \"spent_1h\"; its features are [payments_10m, spent_10m, avg_10m].");
    }

    @Test
    void nullAndAbsenceAreReported() {
        assertThatThrownBy(() -> FreshetAssertions.assertThat(vector()).hasNoFeature("spent_10m"))
                .hasMessageStartingWith("expected no value for feature \"spent_10m\", but it is 15.0 (Double).");
        rememberRead();
        assertThatThrownBy(() -> FreshetAssertions.assertThat(Optional.empty()).hasFeature("spent_10m", 1.0))
                .hasMessage("""
                        expected feature "spent_10m" = 1.0, but there is no vector: the store holds nothing for the key.
                        no vector of spending [u1]
                        records sent for the key (1):
                          tx-0@0 (Kafka time 2026-03-01T10:00:00Z): {"user_id":"u1","amount":10}""");
        assertThatThrownBy(() -> FreshetAssertions.assertThat(vector()).isEmpty())
                .hasMessageStartingWith("expected no vector, but there is one.");
    }

    @Test
    void aVectorOfAnotherKeyThanTheLastReadShowsNoRecords() {
        LastRead.remember(new LastRead("spending", List.of("u2"), List.of()));
        assertThatThrownBy(() -> FreshetAssertions.assertThat(vector()).hasFeature("payments_10m", 3L))
                .message().doesNotContain("records sent");
        assertThat(FreshetAssertions.assertThat(vector())).isNotNull();
    }
}
