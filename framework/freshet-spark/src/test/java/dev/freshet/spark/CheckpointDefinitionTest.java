package dev.freshet.spark;

import static dev.freshet.api.AggregateFunction.COUNT;
import static dev.freshet.testsupport.FeatureSets.aFeatureSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.api.spec.AggregationSpec;
import dev.freshet.spark.CheckpointDefinition.Legacy;
import dev.freshet.spark.CheckpointDefinition.State;
import dev.freshet.core.job.JobKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The JSON document a checkpoint records its definition in, and the one line older checkpoints hold. */
class CheckpointDefinitionTest {

    private static final CheckpointDefinition WINDOWS = CheckpointDefinition.of(aFeatureSet().name("tx-windows")
            .aggregate(List.of(new AggregationSpec(COUNT, "amount", "payments")), Duration.ZERO,
                    Duration.ofMinutes(10), Duration.ofDays(1))
            .build(), JobKind.ONLINE, Optional.of(new State("tiles", 4)));
    private static final CheckpointDefinition ROWS = CheckpointDefinition.of(aFeatureSet().name("tx-rows").build(),
            JobKind.OFFLINE, Optional.empty());

    @Test
    void readsBackWhatItWrites() {
        assertThat(CheckpointDefinition.parse(WINDOWS.toJson())).isEqualTo(WINDOWS);
        assertThat(CheckpointDefinition.parse(ROWS.toJson())).isEqualTo(ROWS);
    }

    @Test
    void writesAReadableDocumentWithItsFormat() throws Exception {
        JsonNode json = new ObjectMapper().readTree(WINDOWS.toJson());

        assertThat(json.get("format").asInt()).isEqualTo(1);
        assertThat(json.get("job").asText()).isEqualTo("online");
        assertThat(json.get("topics").toString()).isEqualTo("[\"transactions\"]");
        assertThat(json.get("key").toString()).isEqualTo("[{\"name\":\"user_id\",\"type\":\"STRING\"}]");
        assertThat(json.get("columns").size()).isEqualTo(4);
        assertThat(json.get("aggregations").get("windows").toString()).isEqualTo("[\"PT10M\",\"PT24H\"]");
        assertThat(json.get("aggregations").get("functions").get(0).toString())
                .isEqualTo("{\"function\":\"COUNT\",\"column\":\"amount\",\"alias\":\"payments\"}");
        assertThat(json.get("state").toString()).isEqualTo("{\"operator\":\"tiles\",\"shufflePartitions\":4}");
        assertThat(new ObjectMapper().readTree(ROWS.toJson()).has("aggregations")).isFalse();
        assertThat(new ObjectMapper().readTree(ROWS.toJson()).has("state")).isFalse();
    }

    @Test
    void refusesADocumentOfANewerFormat() {
        String newer = WINDOWS.toJson().replace("\"format\" : 1", "\"format\" : 2");

        assertThatThrownBy(() -> CheckpointDefinition.parse(newer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("format 2 is newer than this version of Freshet reads (1): it was written by a newer"
                        + " Freshet");
    }

    @Test
    void refusesWhatIsNoDefinition() {
        assertThatThrownBy(() -> CheckpointDefinition.parse("{\"format\": 1}"))
                .hasMessage("no member \"featureSet\"");
        assertThatThrownBy(() -> CheckpointDefinition.parse("{\"format\":")).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> CheckpointDefinition.parse("[1]")).hasMessage("not a JSON object");
    }

    @Test
    void readsTheOneLineRecordOfAnOlderFreshet() {
        assertThat(Legacy.parse("tiles 5d1e2f0a, key [user_id, merchant_id], shuffle partitions 4\n"))
                .contains(new Legacy("5d1e2f0a", List.of("user_id", "merchant_id"), 4));
        assertThat(Legacy.parse("something else")).isEmpty();
    }
}
