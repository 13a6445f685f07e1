package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spi.RecordTransformInvoker;
import java.io.Serializable;
import java.util.List;

/**
 * A typed record transform as the processor checked it. It runs on the decoded source records when the feature set
 * has no SQL, or on the SQL's output rows when it has; its output columns are the feature set's
 * {@link FeatureSetSpec#outputColumns()}.
 *
 * @param method          the Java method, as {@code com.example.UserRisk.score(com.example.Transaction)}, for messages
 * @param input           fully qualified name of the input record, for messages
 * @param output          fully qualified name of the output record, for messages
 * @param inputColumns    the input record's components, in order: the source's fields, or the SQL's output columns
 * @param primitiveInputs the input components of a primitive Java type, which cannot take a null
 * @param invoker         generated code calling the method, without reflection
 */
public record RecordTransformSpec(String method, String input, String output, List<ColumnSpec> inputColumns,
        List<String> primitiveInputs, RecordTransformInvoker invoker) implements Serializable {

    /** Checks every part and copies the lists. */
    public RecordTransformSpec {
        requireNonNull(method, "method");
        requireNonNull(input, "input");
        requireNonNull(output, "output");
        inputColumns = List.copyOf(inputColumns);
        primitiveInputs = List.copyOf(primitiveInputs);
        requireNonNull(invoker, "invoker");
        for (String p : primitiveInputs) {
            if (inputColumns.stream().noneMatch(c -> c.name().equals(p))) {
                throw new IllegalArgumentException("primitive input \"" + p + "\" is not an input column of " + method);
            }
        }
    }
}
