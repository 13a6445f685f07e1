package dev.freshet.api.spec;

import static java.util.Objects.requireNonNull;

import dev.freshet.api.spi.BackfillTransformInvoker;
import java.io.Serializable;

/**
 * A backfill's Java transform as the processor checked it: the method that makes the backfill's rows from its batch
 * sources instead of the backfill SQL, and the generated code that calls it.
 *
 * @param method  the Java method, as {@code com.example.UserSpend.history(SparkSession)}, for messages and the
 *                backfill's id
 * @param invoker generated code calling the method, without reflection
 */
public record BackfillTransformSpec(String method, BackfillTransformInvoker invoker) implements Serializable {

    /** Checks every part. */
    public BackfillTransformSpec {
        requireNonNull(method, "method");
        requireNonNull(invoker, "invoker");
    }
}
