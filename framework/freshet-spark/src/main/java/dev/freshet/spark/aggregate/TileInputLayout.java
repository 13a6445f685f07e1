package dev.freshet.spark.aggregate;

import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.core.tile.TiledAggregation;
import dev.freshet.spark.row.EntityKeyColumns;
import dev.freshet.spark.row.LeadingColumns;
import dev.freshet.spark.row.RowLayout;
import java.io.Serializable;
import org.apache.spark.sql.types.StructType;

/** The tile operator's input rows, by name: leading columns, key, and the events' columns ({@link EventColumns}). */
final class TileInputLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LeadingColumns leading;
    private final EntityKeyColumns key;
    private final EventColumns events;

    TileInputLayout(FeatureSetSpec spec, TiledAggregation model, StructType schema) {
        RowLayout layout = RowLayout.of(schema);
        this.leading = LeadingColumns.of(layout);
        this.key = EntityKeyColumns.of(layout, spec.key());
        this.events = EventColumns.of(layout, spec, model.layout().inputColumns());
    }

    LeadingColumns leading() {
        return leading;
    }

    EntityKeyColumns key() {
        return key;
    }

    EventColumns events() {
        return events;
    }
}
