package dev.freshet.spark.aggregate;

import static org.apache.spark.sql.functions.col;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.store.TileWrite;
import dev.freshet.core.store.TileWriter;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.tile.TileCodec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.window.TileRef;
import dev.freshet.spark.row.EntityKeyColumns;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.row.RowLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.KeyValueGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The tiles of every key of a backfill, built from its stored events by the online job's own per-key step
 * ({@link TileReplay} into {@link KeyTiles}, pruned as the tile operator prunes): kept as Parquet files (the seed),
 * written to the online store from there, and handed to the online job's tile operator as its initial state, so that
 * the stream goes on from exactly the tiles the backfill built (ADR 0017).
 *
 * <p>A seed row holds the encoded key ({@value #KEY}), the key columns, the key's newest event time
 * ({@value #NEWEST}), its operator state ({@value #STATE}) and its tiles by store field name ({@value #TILES}).
 * Building a seed again from the same events gives the same seed, and writing it again the same store values.
 */
public final class TileSeed {

    /** The encoded entity key, by which the tile operator groups. */
    public static final String KEY = "__key";
    /** The key's newest event time, epoch milliseconds. */
    public static final String NEWEST = "__newest";
    /** The key's tile state, as the operator keeps it. */
    public static final String STATE = "__state";
    /** The key's tiles, store field name to encoded tile. */
    public static final String TILES = "__tiles";

    private TileSeed() {}

    /**
     * Builds the seed of {@code spec} from {@code events} (rows with the reserved position columns, the key, the event
     * time and the aggregation inputs, such as the offline table's) and writes it to {@code path}, replacing any seed
     * there.
     *
     * @param writtenAtMillis when the tiles are written to the online store, for the operator's TTL rule
     * @return the number of keys
     */
    public static long build(FeatureSetSpec spec, Dataset<Row> events, String path, long writtenAtMillis) {
        TiledAggregation model = TiledAggregation.of(spec);
        Set<String> needed = new LinkedHashSet<>(spec.key());
        needed.add(spec.timestampColumn());
        needed.addAll(model.layout().inputColumns());
        needed.add(ReservedColumns.PARTITION);
        needed.add(ReservedColumns.OFFSET);
        needed.add(ReservedColumns.KAFKA_TIMESTAMP);
        Dataset<Row> input = events.select(needed.stream().map(c -> col("`" + c + "`")).toArray(Column[]::new));
        StructType schema = schema(spec, input.schema());
        RowLayout layout = RowLayout.of(input.schema());
        EntityKeyColumns key = EntityKeyColumns.of(layout, spec.key());
        EventColumns columns = EventColumns.of(layout, spec, model.layout().inputColumns());
        input.groupByKey((MapFunction<Row, String>) key::encode, Encoders.STRING())
                .mapGroups(new Replay(model, key, columns, writtenAtMillis), Encoders.row(schema))
                .write().mode("overwrite").parquet(path);
        return input.sparkSession().read().parquet(path).count();
    }

    /**
     * Writes the tiles of every key of the seed at {@code path} to the online store through {@code writer}: absolute
     * values, so writing them again is harmless.
     */
    public static void toStore(SparkSession spark, FeatureSetSpec spec, String path, TileWriter writer) {
        Dataset<Row> seed = spark.read().parquet(path);
        StructType schema = seed.schema();
        seed.mapPartitions((MapPartitionsFunction<Row, Long>) rows -> {
            RowLayout layout = RowLayout.of(schema);
            EntityKeyColumns key = EntityKeyColumns.of(layout, spec.key());
            int newest = layout.index(NEWEST);
            int tiles = layout.index(TILES);
            List<TileWrite> chunk = new ArrayList<>(TileOutput.CHUNK);
            long written = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                chunk.add(new TileWrite(key.values(row), row.getLong(newest),
                        CollectionConverters.asJava(row.<String, byte[]>getMap(tiles)), List.of()));
                if (chunk.size() == TileOutput.CHUNK || !rows.hasNext()) {
                    writer.write(chunk.iterator());
                    written += chunk.size();
                    chunk.clear();
                }
            }
            return List.of(written).iterator();
        }, Encoders.LONG()).collectAsList();
    }

    /** The seed at {@code path} as the tile operator's initial state: each encoded key's state. */
    static KeyValueGroupedDataset<String, byte[]> initialState(SparkSession spark, String path) {
        return spark.read().parquet(path).select(col(KEY), col(STATE))
                .as(Encoders.tuple(Encoders.STRING(), Encoders.BINARY()))
                .groupByKey((MapFunction<Tuple2<String, byte[]>, String>) Tuple2::_1, Encoders.STRING())
                .mapValues((MapFunction<Tuple2<String, byte[]>, byte[]>) Tuple2::_2, Encoders.BINARY());
    }

    private static StructType schema(FeatureSetSpec spec, StructType input) {
        StructType schema = new StructType().add(KEY, DataTypes.StringType, false);
        for (String k : spec.key()) {
            StructField f = input.apply(k);
            schema = schema.add(f.name(), f.dataType(), true);
        }
        return schema.add(NEWEST, DataTypes.LongType, false)
                .add(STATE, DataTypes.BinaryType, false)
                .add(TILES, DataTypes.createMapType(DataTypes.StringType, DataTypes.BinaryType), false);
    }

    /** One key's events replayed into its tiles, as the tile operator does, into one seed row. */
    private static final class Replay implements MapGroupsFunction<String, Row, Row> {

        private static final long serialVersionUID = 1L;

        private final TiledAggregation model;
        private final EntityKeyColumns key;
        private final EventColumns columns;
        private final long writtenAtMillis;

        Replay(TiledAggregation model, EntityKeyColumns key, EventColumns columns, long writtenAtMillis) {
            this.model = model;
            this.key = key;
            this.columns = columns;
            this.writtenAtMillis = writtenAtMillis;
        }

        @Override
        public Row call(String encoded, Iterator<Row> rows) {
            List<Row> events = new ArrayList<>();
            rows.forEachRemaining(events::add);
            KeyTiles tiles = KeyTiles.empty(model.plan(), model.layout());
            TileReplay.replay(events, columns, tiles, model.policy(), new TileReplay.Decisions() {});
            tiles.prune(model.oldestRead(tiles.newest()));
            Map<String, byte[]> written = new HashMap<>();
            for (Map.Entry<TileRef, long[]> e : tiles.tiles().entrySet()) {
                written.put(model.plan().fieldName(e.getKey()), TileCodec.encode(e.getValue()));
            }
            tiles.written(writtenAtMillis);
            tiles.clearChanges();
            List<Object> values = key.values(events.get(0));
            Object[] out = new Object[values.size() + 4];
            out[0] = encoded;
            for (int i = 0; i < values.size(); i++) {
                out[1 + i] = values.get(i);
            }
            out[values.size() + 1] = tiles.newest();
            out[values.size() + 2] = tiles.encode();
            out[values.size() + 3] = CollectionConverters.asScala(written);
            return RowFactory.create(out);
        }
    }
}
