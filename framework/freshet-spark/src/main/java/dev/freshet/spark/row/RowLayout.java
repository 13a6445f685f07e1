package dev.freshet.spark.row;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.types.StructType;

/**
 * The column indices of one frame, resolved by name once (on the driver, or once per task), so that rows are read by
 * index in hot loops without ever writing a literal position. The layouts of each row kind are built on it.
 */
public final class RowLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] names;

    private RowLayout(String[] names) {
        this.names = names;
    }

    /** The layout of rows of {@code schema}. */
    public static RowLayout of(StructType schema) {
        return new RowLayout(schema.fieldNames());
    }

    /**
     * The index of {@code column}.
     *
     * @throws IllegalArgumentException naming the columns there are, if there is no such column
     */
    public int index(String column) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no column \"" + column + "\" among " + Arrays.toString(names));
    }

    /** Whether the frame has {@code column}. */
    public boolean has(String column) {
        return Arrays.asList(names).contains(column);
    }

    /** The indices of {@code columns}, in order. */
    public int[] indices(Iterable<String> columns) {
        int n = 0;
        for (String ignored : columns) {
            n++;
        }
        int[] out = new int[n];
        int i = 0;
        for (String c : columns) {
            out[i++] = index(c);
        }
        return out;
    }

    /** The number of columns. */
    public int width() {
        return names.length;
    }
}
