package dev.freshet.spark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.deadletter.DeadLetterReason;
import dev.freshet.core.record.Decoded;
import dev.freshet.core.record.JsonRecordDecoder;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.deadletter.ReasonCounts;
import dev.freshet.spark.row.KafkaRecordLayout;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.testsupport.MalformedRecord;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder and the decode step of the pipeline over the {@link MalformedRecord} corpus, without Spark running: each
 * kind gets the corpus' reason and detail, and every record the decoder accepts converts into a Spark row (a value
 * Spark cannot hold would fail the whole micro-batch there).
 */
class MalformedRecordDecodingTest {

    private static final FeatureSetSpec SPEC = MalformedRecord.featureSet().name("corpus").topic("corpus").build();
    private static final JsonRecordDecoder DECODER =
            new JsonRecordDecoder(SPEC.source(), SPEC.key(), SPEC.timestampColumn());
    private static final StructType KAFKA = new StructType()
            .add("key", DataTypes.BinaryType)
            .add("value", DataTypes.BinaryType)
            .add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType)
            .add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType)
            .add("timestampType", DataTypes.IntegerType);

    @ParameterizedTest(name = "{0}")
    @EnumSource(MalformedRecord.class)
    void decodesEachKindAsTheCorpusSays(MalformedRecord kind) {
        Decoded decoded = DECODER.decode(kind.value());

        if (kind.rejectedByDecoder()) {
            assertThat(decoded).isInstanceOf(Decoded.Rejected.class);
            Decoded.Rejected rejected = (Decoded.Rejected) decoded;
            assertThat(rejected.reason()).isEqualTo(kind.decoderReason().orElseThrow());
            assertThat(rejected.detail()).startsWith(kind.detail());
        } else {
            assertThat(decoded).isInstanceOf(Decoded.Accepted.class);
        }
    }

    static Stream<MalformedRecord> acceptedKinds() {
        return Stream.of(MalformedRecord.values()).filter(k -> !k.rejectedByDecoder());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedKinds")
    void turnsEachAcceptedKindIntoARowSparkCanHold(MalformedRecord kind) {
        List<Row> rows = decode(List.of(kind), new ReasonCounts());
        ExpressionEncoder.Serializer<Row> serializer =
                ExpressionEncoder.apply(DecodeFunction.outputSchema(SPEC)).createSerializer();

        assertThat(rows).hasSize(1);
        assertThatCode(() -> serializer.apply(rows.get(0))).doesNotThrowAnyException();
    }

    @Test
    void countsEveryRejectedKindUnderItsReasonAndPassesTheRestOn() {
        ReasonCounts counts = new ReasonCounts();

        List<Row> rows = decode(List.of(MalformedRecord.values()), counts);

        Map<String, Long> expected = new TreeMap<>();
        int accepted = 0;
        for (MalformedRecord kind : MalformedRecord.values()) {
            if (kind.decoderReason().isPresent()) {
                expected.merge(kind.decoderReason().get().name(), 1L, Long::sum);
            } else {
                accepted++;
            }
        }
        assertThat(counts.value()).isEqualTo(expected);
        assertThat(rows).hasSize(accepted);
    }

    @Test
    void coversAtLeastFifteenKindsAndEveryReasonOfTheDecoder() {
        Map<DeadLetterReason, Integer> byReason = new EnumMap<>(DeadLetterReason.class);
        for (MalformedRecord kind : MalformedRecord.values()) {
            kind.decoderReason().ifPresent(r -> byReason.merge(r, 1, Integer::sum));
        }

        assertThat(MalformedRecord.values()).hasSizeGreaterThanOrEqualTo(15);
        assertThat(byReason).containsOnlyKeys(DeadLetterReason.MALFORMED_RECORD, DeadLetterReason.TYPE_MISMATCH,
                DeadLetterReason.INVALID_TIMESTAMP, DeadLetterReason.MISSING_KEY, DeadLetterReason.MISSING_TIMESTAMP);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = MalformedRecord.class, names = {"DEEPLY_NESTED", "DEEPLY_NESTED_MEMBER"})
    void rejectsDeepNestingOnATinyStack(MalformedRecord kind) throws InterruptedException {
        // A recursive parser would need a frame per level, 10,000 of them; 128 KiB holds far fewer. Decoding once
        // beforehand loads the classes, which needs stack of its own.
        DECODER.decode(kind.value());
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                outcome.set(DECODER.decode(kind.value()));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "tiny-stack", 128 * 1024);
        thread.start();
        thread.join();

        assertThat(outcome.get()).isInstanceOf(Decoded.Rejected.class);
        assertThat(((Decoded.Rejected) outcome.get()).reason()).isEqualTo(DeadLetterReason.MALFORMED_RECORD);
    }

    /** The rows the pipeline's decode step gives for {@code kinds}, produced one after another to partition 0. */
    private static List<Row> decode(List<MalformedRecord> kinds, ReasonCounts counts) {
        List<Row> kafka = new ArrayList<>();
        long offset = 0;
        for (MalformedRecord kind : kinds) {
            kafka.add(RowFactory.create(kind.key(), kind.value(), "corpus", 0, offset++,
                    Timestamp.from(MalformedRecord.KAFKA_TIMESTAMP), 0));
        }
        DecodeFunction decode = new DecodeFunction(SPEC, KafkaRecordLayout.of(RowLayout.of(KAFKA)),
                DeadLetterTarget.countOnly(), counts);
        List<Row> rows = new ArrayList<>();
        decode.call(kafka.iterator()).forEachRemaining(rows::add);
        return rows;
    }
}
