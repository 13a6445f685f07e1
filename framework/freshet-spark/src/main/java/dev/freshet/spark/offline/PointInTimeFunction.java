package dev.freshet.spark.offline;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.EventTimePolicy;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Point-in-time aggregates of one key, for all its labels at once, run by {@code cogroup} after labels and stored
 * events are grouped by key — no cartesian product and no per-label lookup. The key's events are replayed in source
 * order through the same {@link EventTimePolicy} and {@link KeyTiles} as the online job (late and far-future events
 * are rejected exactly as it rejected them), and each label reads its windows with {@link WindowedFeatures}, as the
 * online client reads them at that time. Nulls if the key has no accepted event within the maximum age.
 *
 * Input rows: labels {@code (label id, label time)}; events {@code (event time, partition, offset, Kafka time,
 * aggregation inputs…)}. Output: {@code (label id, features…)}.
 */
final class PointInTimeFunction implements CoGroupFunction<String, Row, Row, Row> {

    private static final long serialVersionUID = 1L;

    private final TiledAggregation model;
    private final List<ColumnSpec> storedValues;
    private final int[] selected;
    private final long maxAgeMillis;

    PointInTimeFunction(FeatureSetSpec spec, List<ColumnSpec> storedValues, int[] selected, long maxAgeMillis) {
        this.model = TiledAggregation.of(spec);
        this.storedValues = new ArrayList<>(storedValues);
        this.selected = selected;
        this.maxAgeMillis = maxAgeMillis;
    }

    @Override
    public Iterator<Row> call(String key, Iterator<Row> labelRows, Iterator<Row> eventRows) {
        List<Row> labels = new ArrayList<>();
        labelRows.forEachRemaining(labels::add);
        if (labels.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        labels.sort(Comparator.comparingLong(r -> millis(r.get(1))));
        List<Row> events = new ArrayList<>();
        eventRows.forEachRemaining(events::add);
        return aggregates(labels, events);
    }

    private Iterator<Row> aggregates(List<Row> labels, List<Row> events) {
        events.sort(Comparator.<Row>comparingInt(r -> r.getInt(1)).thenComparingLong(r -> r.getLong(2)));
        KeyTiles tiles = KeyTiles.empty(model.plan(), model.layout());
        List<Long> accepted = new ArrayList<>();
        Object[] inputs = new Object[storedValues.size()];
        for (Row e : events) {
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = e.get(4 + i);
            }
            long eventTime = millis(e.get(0));
            if (tiles.offer(e.getInt(1), eventTime, millis(e.get(3)), inputs, model.policy())
                    == EventTimePolicy.Decision.ACCEPT) {
                accepted.add(eventTime);
            }
        }
        accepted.sort(null);
        List<Row> out = new ArrayList<>(labels.size());
        for (Row label : labels) {
            long t = millis(label.get(1));
            Object[] values = new Object[selected.length + 1];
            values[0] = label.getLong(0);
            if (events.isEmpty() || !recentEnough(accepted, model.plan().readTime(t))) {
                out.add(RowFactory.create(values));
                continue;
            }
            Object[] features = WindowedFeatures.read(model.plan(), model.layout(), tiles::tile, t);
            for (int i = 0; i < selected.length; i++) {
                values[i + 1] = features[selected[i]];
            }
            out.add(RowFactory.create(values));
        }
        return out.iterator();
    }

    /** Whether an accepted event lies in {@code [readTime - maxAge, readTime)}, when a maximum age is set. */
    private boolean recentEnough(List<Long> accepted, long readTime) {
        if (maxAgeMillis <= 0) {
            return true;
        }
        int low = 0;
        int high = accepted.size();
        while (low < high) { // the first accepted event at or after the read time
            int mid = (low + high) >>> 1;
            if (accepted.get(mid) < readTime) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low > 0 && readTime - accepted.get(low - 1) <= maxAgeMillis;
    }

    private static long millis(Object timestamp) {
        return timestamp instanceof Timestamp ts ? ts.getTime() : ((Instant) timestamp).toEpochMilli();
    }
}
