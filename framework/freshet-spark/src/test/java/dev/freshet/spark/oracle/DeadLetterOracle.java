package dev.freshet.spark.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freshet.core.deadletter.DeadLetterReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Dead letters as a set: dead letters are at least once (a batch that ran again sends its own again), so they are
 * compared by source position, each position once, with its reason.
 */
public final class DeadLetterOracle {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeadLetterOracle() {}

    /** The records the decoder must reject, by position. */
    public static Map<String, DeadLetterReason> rejectedByTheDecoder(Collection<SourceRecord> records) {
        Map<String, DeadLetterReason> expected = new TreeMap<>();
        records.forEach(r -> r.rejectedAs().ifPresent(reason -> expected.put(r.position(), reason)));
        return expected;
    }

    /**
     * The dead letters of {@code featureSet} from {@code sourceTopic} in {@code dlq} (a dead-letter topic read to its
     * end), by source position; a position sent more than once must have the same reason each time.
     */
    public static Map<String, DeadLetterReason> sent(List<ConsumerRecord<byte[], byte[]>> dlq, String featureSet,
            String sourceTopic) {
        Map<String, DeadLetterReason> sent = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : dlq) {
            JsonNode message;
            try {
                message = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(message.get("feature_set").asText()).isEqualTo(featureSet);
            JsonNode source = message.get("source");
            assertThat(source.get("topic").asText()).isEqualTo(sourceTopic);
            String position = SourceRecord.position(source.get("partition").asInt(), source.get("offset").asLong());
            DeadLetterReason reason = DeadLetterReason.valueOf(message.get("reason").asText());
            DeadLetterReason before = sent.put(position, reason);
            assertThat(before).as("reasons of the dead letters of " + position).isIn(null, reason);
        }
        return sent;
    }

    /** How many records each reason names in {@code byPosition}, as the job's totals count them. */
    public static Map<String, Long> counts(Map<String, DeadLetterReason> byPosition) {
        Map<String, Long> counts = new TreeMap<>();
        byPosition.values().forEach(reason -> counts.merge(reason.name(), 1L, Long::sum));
        return counts;
    }
}
