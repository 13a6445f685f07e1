package dev.freshet.spark.row;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class KafkaRecordLayoutTest {

    private static final StructType HEADER = new StructType().add("key", DataTypes.StringType)
            .add("value", DataTypes.BinaryType);
    private static final StructType WITH_HEADERS = new StructType()
            .add("key", DataTypes.BinaryType).add("value", DataTypes.BinaryType).add("topic", DataTypes.StringType)
            .add("partition", DataTypes.IntegerType).add("offset", DataTypes.LongType)
            .add("timestamp", DataTypes.TimestampType).add("headers", DataTypes.createArrayType(HEADER));
    private final KafkaRecordLayout layout = KafkaRecordLayout.of(RowLayout.of(WITH_HEADERS));

    @Test
    void readsTheLastHeaderOfANameAsText() {
        Row record = record(List.of(header("trace", "t1"), header("freshet.replay-for", "tx"),
                header("freshet.replay-for", "tx-daily")));

        assertThat(layout.header(record, "freshet.replay-for")).isEqualTo("tx-daily");
        assertThat(layout.header(record, "trace")).isEqualTo("t1");
        assertThat(layout.header(record, "absent")).isNull();
    }

    @Test
    void readsNoHeaderOfARecordWithoutHeaders() {
        assertThat(layout.header(record(null), "freshet.replay-for")).isNull();
    }

    @Test
    void readsNoHeaderOfAFrameWithoutHeaders() {
        StructType without = new StructType(java.util.Arrays.copyOf(WITH_HEADERS.fields(), 6));
        Row record = RowFactory.create(null, null, "t", 0, 1L, new Timestamp(0));

        assertThat(KafkaRecordLayout.of(RowLayout.of(without)).header(record, "freshet.replay-for")).isNull();
    }

    private static Row record(List<Row> headers) {
        return RowFactory.create(null, null, "t", 0, 1L, new Timestamp(0),
                headers == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(headers).toSeq());
    }

    private static Row header(String key, String value) {
        return RowFactory.create(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
