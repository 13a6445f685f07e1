package dev.freshet.spark.offline;

import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.KeyTiles;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.core.tile.WindowedFeatures;
import dev.freshet.spark.aggregate.EventColumns;
import dev.freshet.spark.aggregate.TileReplay;
import dev.freshet.spark.row.RowLayout;
import dev.freshet.spark.schema.ValueTypes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Point-in-time aggregates of one key, for all its labels at once, run by {@code cogroup} after labels and stored
 * events are grouped by key — no cartesian product and no per-label lookup. The key's events are replayed through the
 * same {@link TileReplay} as the online job (late and far-future events are rejected exactly as it rejected them),
 * and each label reads its windows with {@link WindowedFeatures}, as the online client reads them at that time. Nulls
 * if the key has no accepted event within the maximum age.
 *
 * <p>Input rows: labels ({@link Labels}) and stored events ({@link EventColumns}); output: the label id and the
 * selected features ({@link Output}).
 */
final class PointInTimeFunction implements CoGroupFunction<String, Row, Row, Row> {

    private static final long serialVersionUID = 1L;

    private final TiledAggregation model;
    private final Labels labels;
    private final EventColumns events;
    private final Output output;
    private final int[] selected;
    private final long maxAgeMillis;

    PointInTimeFunction(FeatureSetSpec spec, Labels labels, EventColumns events, Output output, int[] selected,
            long maxAgeMillis) {
        this.model = TiledAggregation.of(spec);
        this.labels = labels;
        this.events = events;
        this.output = output;
        this.selected = selected;
        this.maxAgeMillis = maxAgeMillis;
    }

    @Override
    public Iterator<Row> call(String key, Iterator<Row> labelRows, Iterator<Row> eventRows) {
        List<Row> keyLabels = new ArrayList<>();
        List<Row> out = new ArrayList<>();
        labelRows.forEachRemaining(label -> {
            // A label without a time is as of no instant: null features, as for row-level sets.
            if (labels.timeless(label)) {
                out.add(output.row(labels.id(label), null));
            } else {
                keyLabels.add(label);
            }
        });
        if (keyLabels.isEmpty()) {
            return out.iterator();
        }
        keyLabels.sort(Comparator.comparingLong(labels::timeMillis));
        List<Row> keyEvents = new ArrayList<>();
        eventRows.forEachRemaining(keyEvents::add);
        KeyTiles tiles = KeyTiles.empty(model.plan(), model.layout());
        List<Long> accepted = new ArrayList<>();
        TileReplay.replay(keyEvents, events, tiles, model.policy(), new TileReplay.Decisions() {
            @Override
            public void accepted(Row event, long eventMillis) {
                accepted.add(eventMillis);
            }
        });
        accepted.sort(null);
        for (Row label : keyLabels) {
            long t = labels.timeMillis(label);
            Object[] features = null;
            if (!accepted.isEmpty() && recentEnough(accepted, model.plan().readTime(t))) {
                Object[] all = WindowedFeatures.read(model.plan(), model.layout(), tiles::tile, t);
                features = new Object[selected.length];
                for (int i = 0; i < selected.length; i++) {
                    features[i] = all[selected[i]];
                }
            }
            out.add(output.row(labels.id(label), features));
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

    /** Label rows, by name: the label id and the label's time. */
    static final class Labels implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int id;
        private final int time;

        Labels(StructType schema, String idColumn, String timeColumn) {
            RowLayout layout = RowLayout.of(schema);
            this.id = layout.index(idColumn);
            this.time = layout.index(timeColumn);
        }

        long id(Row label) {
            return label.getLong(id);
        }

        boolean timeless(Row label) {
            return label.isNullAt(time);
        }

        long timeMillis(Row label) {
            return ValueTypes.epochMillis(label.get(time));
        }
    }

    /** Output rows, by name: the label id, then the selected features. */
    static final class Output implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int width;
        private final int id;
        private final int[] features;

        Output(StructType schema, String idColumn, List<ColumnSpec> selected) {
            RowLayout layout = RowLayout.of(schema);
            this.width = layout.width();
            this.id = layout.index(idColumn);
            this.features = layout.indices(selected.stream().map(ColumnSpec::name).toList());
        }

        /** The row of label {@code labelId} with {@code values} (in selection order), or nulls for none. */
        Row row(long labelId, Object[] values) {
            Object[] out = new Object[width];
            out[id] = labelId;
            if (values != null) {
                for (int i = 0; i < features.length; i++) {
                    out[features[i]] = values[i];
                }
            }
            return RowFactory.create(out);
        }
    }
}
