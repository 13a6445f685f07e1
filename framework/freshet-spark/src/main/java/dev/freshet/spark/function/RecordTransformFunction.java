package dev.freshet.spark.function;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.ColumnSpec;
import dev.freshet.api.spec.FeatureSetSpec;
import dev.freshet.api.spec.RecordTransformSpec;
import dev.freshet.api.spi.RecordTransformInvoker;
import dev.freshet.spark.row.ReservedColumns;
import dev.freshet.spark.schema.ValueTypes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Runs a feature set's typed record transform on each row: its input columns become the input record's components
 * (Java values: {@link java.time.Instant}, {@link java.time.LocalDate}, boxes), the generated invoker calls the user's
 * method, and each output record becomes one output row carrying the input row's {@link ReservedColumns#SOURCE}.
 *
 * <p>A record the method throws on, returns null for, or whose primitive component would get a null, emits no row:
 * its failure is recorded for the record being transformed ({@link RecordInTransform}), and the failure routing after
 * the pipeline's checks ({@link TransformFailureRouting}) turns it into one {@code TRANSFORM_ERROR} dead letter with
 * the record's payload. An output row is emitted only once the whole call succeeded, so a record is either ingested
 * with all its output rows or dead-lettered with none.
 */
public final class RecordTransformFunction implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final String inputRecord;
    private final RecordTransformInvoker invoker;
    private final ValueType[] inputTypes;
    private final String[] inputNames;
    private final boolean[] primitive;
    private final int outputWidth;

    /** The transform of {@code spec}, over rows of its input columns in component order, then the source struct. */
    public RecordTransformFunction(FeatureSetSpec spec) {
        RecordTransformSpec transform = spec.record().orElseThrow(() -> new IllegalArgumentException("feature set \""
                + spec.name() + "\" has no record transform"));
        this.method = transform.method();
        this.inputRecord = transform.input();
        this.invoker = transform.invoker();
        List<ColumnSpec> inputs = transform.inputColumns();
        this.inputTypes = inputs.stream().map(ColumnSpec::type).toArray(ValueType[]::new);
        this.inputNames = inputs.stream().map(ColumnSpec::name).toArray(String[]::new);
        this.primitive = new boolean[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            primitive[i] = transform.primitiveInputs().contains(inputs.get(i).name());
        }
        this.outputWidth = spec.outputColumns().size();
    }

    /** The schema of the transform's output rows: the spec's output columns, in order, then the source struct. */
    public static StructType outputSchema(FeatureSetSpec spec) {
        return ValueTypes.schemaOf(spec.outputColumns()).add(ReservedColumns.SOURCE, ReservedColumns.SOURCE_TYPE,
                false);
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && input.hasNext()) {
                    transform(input.next(), ready);
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.removeFirst();
            }
        };
    }

    /** Adds the output rows of {@code row} to {@code ready}, or records why the record has none. */
    private void transform(Row row, Deque<Row> ready) {
        Row source = row.getStruct(inputTypes.length);
        Object[] values = new Object[inputTypes.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = ValueTypes.fromSparkValue(row.get(i), inputTypes[i]);
            if (values[i] == null && primitive[i]) {
                fail(source, null, "column \"" + inputNames[i] + "\" is null, but component " + inputNames[i]
                        + " of " + inputRecord + " is a primitive " + inputTypes[i].name().toLowerCase(Locale.ROOT)
                        + ", which cannot hold it (declare the component as its box to receive nulls)");
                return;
            }
        }
        List<Object[]> outputs = new ArrayList<>(1);
        try {
            invoker.apply(values, outputs::add);
        } catch (RuntimeException e) {
            fail(source, e, "record transform " + method + " threw " + e.getClass().getName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return;
        }
        for (Object[] output : outputs) {
            if (output == null) {
                fail(source, null, "record transform " + method + " returned null where a record was expected; return"
                        + " Optional.empty() or an empty List to emit no row for a record");
                return;
            }
        }
        for (Object[] output : outputs) {
            Object[] out = new Object[outputWidth + 1];
            for (int i = 0; i < outputWidth; i++) {
                out[i] = ValueTypes.toSparkValue(output[i]);
            }
            out[outputWidth] = source;
            ready.add(RowFactory.create(out));
        }
    }

    /**
     * Records the failure of the record at {@code source} for the failure routing; outside a Freshet pipeline (no
     * record being transformed) the failure is thrown instead.
     */
    private static void fail(Row source, RuntimeException cause, String detail) {
        RecordInTransform record = RecordInTransform.current().orElseThrow(() -> cause != null ? cause
                : new IllegalStateException(detail));
        record.fail(new RecordInTransform.Position(source.getString(0), source.getInt(1), source.getLong(2)), detail);
    }
}
