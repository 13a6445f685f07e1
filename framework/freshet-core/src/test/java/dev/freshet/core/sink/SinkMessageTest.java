package dev.freshet.core.sink;

import static dev.freshet.core.testdata.FeatureSetSpecBuilder.aFeatureSet;
import static dev.freshet.core.testdata.KafkaSourceSpecBuilder.aSource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freshet.api.AggregateFunction;
import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkMessageTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30.123456Z");

    @Test
    void theValueIsTheReferencesJsonWithTypedValuesAndExplicitNulls() {
        List<ColumnSpec> features = List.of(new ColumnSpec("amount", ValueType.DOUBLE),
                new ColumnSpec("remote", ValueType.BOOLEAN), new ColumnSpec("count", ValueType.LONG),
                new ColumnSpec("n", ValueType.INT), new ColumnSpec("ratio", ValueType.FLOAT),
                new ColumnSpec("exact", ValueType.DECIMAL), new ColumnSpec("day", ValueType.DATE),
                new ColumnSpec("seen", ValueType.TIMESTAMP), new ColumnSpec("category", ValueType.STRING),
                new ColumnSpec("missing", ValueType.DOUBLE));
        SinkMessage message = new SinkMessage("user-last", "user-last.0123456789ab", AT,
                List.of(new ColumnSpec("user_id", ValueType.STRING)), List.of("user-7"), features,
                Arrays.asList(12.5, false, 9_007_199_254_740_993L, 3, 0.5f, new BigDecimal("10.10"),
                        LocalDate.of(2026, 12, 1), Instant.parse("2026-12-01T00:00:00Z"), "caf\u00e9 \"x\"\n", null));

        assertThat(new String(message.valueBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"featureset_name\":"
                + "\"user-last\",\"featureset_id\":\"user-last.0123456789ab\",\"timestamp\":\"2026-12-03T10:15:30.123Z\","
                + "\"key\":{\"user_id\":\"user-7\"},\"features\":{\"amount\":12.5,\"remote\":false,"
                + "\"count\":9007199254740993,\"n\":3,\"ratio\":0.5,\"exact\":10.10,\"day\":\"2026-12-01\","
                + "\"seen\":\"2026-12-01T00:00:00.000Z\",\"category\":\"caf\u00e9 \\\"x\\\"\\n\",\"missing\":null}}");
        assertThat(new String(message.keyBytes(), StandardCharsets.UTF_8)).isEqualTo("user-7");
    }

    @Test
    void aCompositeKeyIsTheOnlineStoresEncodingAndEveryKeyColumnIsInTheValue() {
        SinkMessage message = new SinkMessage("pairs", "pairs.0123456789ab", AT,
                List.of(new ColumnSpec("user_id", ValueType.STRING), new ColumnSpec("merchant", ValueType.LONG)),
                List.of("u|42", 7L), List.of(), List.of());

        assertThat(new String(message.keyBytes(), StandardCharsets.UTF_8)).isEqualTo("u\\|42|7");
        assertThat(new String(message.valueBytes(), StandardCharsets.UTF_8))
                .contains("\"key\":{\"user_id\":\"u|42\",\"merchant\":7},\"features\":{}");
    }

    @Test
    void theFeatureSetIdIsStableAndChangesWithWhatAMessageMeans() {
        FeatureSetSpec base = aFeatureSet().name("spend").windows("1h", "1d").aggregate(AggregateFunction.SUM,
                "amount").build();
        String id = FeatureSetId.of(base);

        assertThat(id).matches("spend\\.[0-9a-f]{12}").isEqualTo(FeatureSetId.of(aFeatureSet().name("spend")
                .windows("1h", "1d").aggregate(AggregateFunction.SUM, "amount").declaringClass("other.Place")
                .build()));
        assertThat(FeatureSetId.of(aFeatureSet().name("spend").windows("1h", "7d")
                .aggregate(AggregateFunction.SUM, "amount").build())).as("a window changed").isNotEqualTo(id);
        assertThat(FeatureSetId.of(aFeatureSet().name("spend").windows("1h", "1d")
                .aggregate(AggregateFunction.AVG, "amount").build())).as("an aggregation changed").isNotEqualTo(id);
        assertThat(FeatureSetId.of(aFeatureSet().name("spend").windows("1h", "1d").allowedLateness("1m")
                .aggregate(AggregateFunction.SUM, "amount").build())).as("the lateness changed").isNotEqualTo(id);

        FeatureSetSpec rows = aFeatureSet().name("last").build();
        assertThat(FeatureSetId.of(aFeatureSet().name("last").source(aSource().field("user_id", ValueType.LONG)
                .field("amount", ValueType.DOUBLE).field("timestamp", ValueType.TIMESTAMP).build()).build()))
                .as("a key type changed").isNotEqualTo(FeatureSetId.of(rows));
        assertThat(FeatureSetId.of(aFeatureSet().name("last").source(aSource().field("user_id", ValueType.STRING)
                .field("amount", ValueType.DOUBLE).field("remote", ValueType.BOOLEAN)
                .field("timestamp", ValueType.TIMESTAMP).build()).build()))
                .as("a feature added").isNotEqualTo(FeatureSetId.of(rows));
    }
}
