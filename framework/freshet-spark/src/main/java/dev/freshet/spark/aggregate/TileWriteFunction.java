package dev.freshet.spark.aggregate;

import dev.freshet.redis.TileStoreWriter;
import dev.freshet.redis.TileWrite;
import dev.freshet.spark.deadletter.DeadLetterRows;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.pipeline.SinkColumns;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Writes one partition of the tile operator's output on an executor: tile rows to Redis (absolute values, pipelined),
 * dead letters to Kafka. Returns the partition's counts (events aggregated, dead letters by reason) for the driver.
 */
final class TileWriteFunction implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String featureSet;
    private final TileColumns columns;
    private final TileStoreWriter writer;
    private final DeadLetterTarget target;

    TileWriteFunction(String featureSet, TileColumns columns, TileStoreWriter writer, DeadLetterTarget target) {
        this.featureSet = featureSet;
        this.columns = columns;
        this.writer = writer;
        this.target = target;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        DeadLetterRows deadLetters = target.open(featureSet);
        TileRows tiles = new TileRows(rows, deadLetters);
        writer.write(tiles);
        Map<String, Long> counts = deadLetters.awaitAll();
        return List.of(RowFactory.create(tiles.accepted, 0L, CollectionConverters.asScala(counts))).iterator();
    }

    /** Tile rows as store writes; dead-letter rows met on the way are sent to Kafka. */
    private final class TileRows implements Iterator<TileWrite> {
        private final Iterator<Row> rows;
        private final DeadLetterRows deadLetters;
        private final int base = SinkColumns.LEADING.size() + columns.keyIndexes.length;
        private long accepted;
        private TileWrite next;

        TileRows(Iterator<Row> rows, DeadLetterRows deadLetters) {
            this.rows = rows;
            this.deadLetters = deadLetters;
        }

        @Override
        public boolean hasNext() {
            while (next == null && rows.hasNext()) {
                Row row = rows.next();
                if (TileColumns.KIND_TILES.equals(row.getString(0))) {
                    next = toWrite(row);
                    accepted += row.getLong(base + 1);
                } else {
                    deadLetters.send(row);
                }
            }
            return next != null;
        }

        @Override
        public TileWrite next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            TileWrite w = next;
            next = null;
            return w;
        }

        private TileWrite toWrite(Row row) {
            List<Object> key = new ArrayList<>(columns.keyIndexes.length);
            for (int i = 0; i < columns.keyIndexes.length; i++) {
                key.add(row.get(columns.outputKeyIndex(i)));
            }
            scala.collection.Map<String, byte[]> tiles = row.getMap(base + 2);
            List<String> removed = CollectionConverters.asJava(row.<String>getSeq(base + 3));
            return new TileWrite(key, row.getLong(base), CollectionConverters.asJava(tiles), removed);
        }
    }
}
