package dev.freshet.spark.online;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.redis.EntityWrite;
import dev.freshet.redis.OnlineStoreLayout;
import dev.freshet.redis.OnlineStoreWriter;
import dev.freshet.redis.WriteResult;
import dev.freshet.spark.deadletter.DeadLetterRows;
import dev.freshet.spark.deadletter.DeadLetterTarget;
import dev.freshet.spark.pipeline.IngestionPipeline;
import dev.freshet.spark.pipeline.SinkColumns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Writes one partition of sink rows, on an executor: of the feature rows, the newest of each key goes to Redis
 * through the pipelined, ordered {@link OnlineStoreWriter} (the others could only lose there, and count as stale);
 * dead-letter rows go to the dead-letter topic. Returns one row of counts for the driver,
 * which records the metrics. The partition completes only when Redis and Kafka have acknowledged everything.
 */
final class OnlineWriteFunction implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final FeatureSetSpec spec;
    private final OnlineStoreWriter writer;
    private final DeadLetterTarget deadLetters;

    OnlineWriteFunction(FeatureSetSpec spec, OnlineStoreWriter writer, DeadLetterTarget deadLetters) {
        this.spec = spec;
        this.writer = writer;
        this.deadLetters = deadLetters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        DeadLetterRows sender = deadLetters.open(spec.name());
        // Only the newest event of each key can win in Redis: send one write per key, not one per event.
        Map<String, EntityWrite> newest = new LinkedHashMap<>();
        long superseded = 0;
        FeatureRows features = new FeatureRows(rows, sender);
        while (features.hasNext()) {
            EntityWrite w = features.next();
            EntityWrite previous = newest.putIfAbsent(OnlineStoreLayout.encodeKey(w.key()), w);
            if (previous != null) {
                superseded++;
                if (w.isNewerThan(previous)) {
                    newest.put(OnlineStoreLayout.encodeKey(w.key()), w);
                }
            }
        }
        WriteResult result = writer.write(newest.values().iterator());
        Map<String, Long> deadLetterCounts = sender.awaitAll();
        return List.of(RowFactory.create(result.applied(), result.stale() + superseded,
                scala.jdk.javaapi.CollectionConverters.asScala(deadLetterCounts))).iterator();
    }

    /**
     * The feature rows of a partition as store writes; dead-letter rows met on the way are sent to Kafka. The
     * position columns are read once per row, by index.
     */
    private final class FeatureRows implements Iterator<EntityWrite> {
        private final Iterator<Row> rows;
        private final DeadLetterRows deadLetters;
        private final int kind = IngestionPipeline.sinkIndex(spec, SinkColumns.KIND);
        private final int partition = IngestionPipeline.sinkIndex(spec, SinkColumns.PARTITION);
        private final int offset = IngestionPipeline.sinkIndex(spec, SinkColumns.OFFSET);
        private final int timestamp = IngestionPipeline.sinkIndex(spec, spec.timestampColumn());
        private final int[] keys;
        private final int[] features;
        private final List<ColumnSpec> featureColumns = spec.featureColumns();
        private EntityWrite next;

        FeatureRows(Iterator<Row> rows, DeadLetterRows deadLetters) {
            this.rows = rows;
            this.deadLetters = deadLetters;
            keys = spec.key().stream().mapToInt(k -> IngestionPipeline.sinkIndex(spec, k)).toArray();
            features = featureColumns.stream().mapToInt(c -> IngestionPipeline.sinkIndex(spec, c.name())).toArray();
        }

        @Override
        public boolean hasNext() {
            while (next == null && rows.hasNext()) {
                Row row = rows.next();
                if (SinkColumns.FEATURES.equals(row.getString(kind))) {
                    next = toWrite(row);
                } else {
                    deadLetters.send(row);
                }
            }
            return next != null;
        }

        @Override
        public EntityWrite next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            EntityWrite w = next;
            next = null;
            return w;
        }

        private EntityWrite toWrite(Row row) {
            List<Object> key = new ArrayList<>(keys.length);
            for (int k : keys) {
                key.add(row.get(k));
            }
            Object[] values = new Object[features.length];
            for (int i = 0; i < features.length; i++) {
                values[i] = IngestionPipeline.storeValue(row, features[i], featureColumns.get(i));
            }
            return new EntityWrite(key, millis(row.get(timestamp)), row.getInt(partition),
                    row.getLong(offset), values);
        }
    }

    private static long millis(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.getTime() : ((Instant) timestamp).toEpochMilli();
    }
}
