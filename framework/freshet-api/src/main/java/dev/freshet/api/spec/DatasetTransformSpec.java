package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spi.DatasetTransformInvoker;
import java.io.Serializable;

/**
 * A whole-Dataset transform as the processor checked it: the method, the record declaring its output, and the
 * generated code that calls it. Its output columns are the feature set's {@link FeatureSetSpec#outputColumns()}.
 *
 * @param method  the Java method, as {@code com.example.Enriched.enrich(Dataset<Row>)}, for messages
 * @param output  fully qualified name of the record declaring its output, for messages
 * @param invoker generated code calling the method, without reflection
 */
public record DatasetTransformSpec(String method, String output, DatasetTransformInvoker invoker)
        implements Serializable {

    /** Checks every part. */
    public DatasetTransformSpec {
        requireNonNull(method, "method");
        requireNonNull(output, "output");
        requireNonNull(invoker, "invoker");
    }
}
