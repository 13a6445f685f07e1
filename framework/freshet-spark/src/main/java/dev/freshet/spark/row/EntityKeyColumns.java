package dev.freshet.spark.row;

import dev.freshet.core.key.EntityKeys;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Where a frame holds an entity key: the indices of its key columns, in key-column order, resolved by name. Reads the
 * key's values and its {@link EntityKeys core encoding}, by which every job groups and every store finds entities.
 */
public final class EntityKeyColumns implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] indices;

    private EntityKeyColumns(int[] indices) {
        this.indices = indices;
    }

    /** The key columns {@code key} (names in key-column order) of frames laid out by {@code layout}. */
    public static EntityKeyColumns of(RowLayout layout, List<String> key) {
        return new EntityKeyColumns(layout.indices(key));
    }

    /** The key's values in {@code row}, in key-column order. */
    public List<Object> values(Row row) {
        List<Object> values = new ArrayList<>(indices.length);
        for (int i : indices) {
            values.add(row.get(i));
        }
        return values;
    }

    /** Whether any key value of {@code row} is null. */
    public boolean anyNull(Row row) {
        for (int i : indices) {
            if (row.isNullAt(i)) {
                return true;
            }
        }
        return false;
    }

    /** The encoded key of {@code row}; its values must not be null. */
    public String encode(Row row) {
        return EntityKeys.encode(values(row));
    }

    /** The number of key columns. */
    public int size() {
        return indices.length;
    }

    /** The index of key column {@code i} in the frame. */
    public int index(int i) {
        return indices[i];
    }
}
