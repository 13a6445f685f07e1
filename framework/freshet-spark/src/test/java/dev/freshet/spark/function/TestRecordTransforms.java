package dev.freshet.spark.function;

import static dev.freshet.testsupport.FeatureSets.column;

import dev.freshet.api.ValueType;
import dev.freshet.api.spec.RecordTransformSpec;
import dev.freshet.api.spi.RecordTransformInvoker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Typed record transforms for the engine's tests, with invokers written as the processor generates them: an enum
 * that builds the input record from its components, calls the static method directly and takes each output record
 * apart.
 */
public final class TestRecordTransforms {

    /** The test source's record: {@code amount} and {@code is_remote} primitive. */
    public record Transaction(String user_id, double amount, boolean is_remote, Instant timestamp) {
    }

    /** {@link #score}'s output. */
    public record Scored(String user_id, double risk, Instant timestamp) {
    }

    /** The output of {@code SELECT user_id, amount, timestamp}: {@code amount} boxed, so it can be null. */
    public record Purchase(String user_id, Double amount, Instant timestamp) {
    }

    /** {@link #installments}' output: one of a purchase's parts, each a month after the one before. */
    public record Installment(String user_id, double part, int number, Instant timestamp) {
    }

    /** {@link #score} on the source records. */
    public static final RecordTransformSpec SCORE_SPEC = new RecordTransformSpec(
            "test.Transforms.score(test.Transaction)", "test.Transaction", "test.Scored",
            List.of(column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                    column("is_remote", ValueType.BOOLEAN), column("timestamp", ValueType.TIMESTAMP)),
            List.of("amount", "is_remote"), ScoreInvoker.INSTANCE);

    /** {@link #installments} on the rows of {@code SELECT user_id, amount, timestamp}. */
    public static final RecordTransformSpec INSTALLMENTS_SPEC = new RecordTransformSpec(
            "test.Transforms.installments(test.Purchase)", "test.Purchase", "test.Installment",
            List.of(column("user_id", ValueType.STRING), column("amount", ValueType.DOUBLE),
                    column("timestamp", ValueType.TIMESTAMP)),
            List.of(), InstallmentsInvoker.INSTANCE);

    private TestRecordTransforms() {}

    /**
     * A risk score, twice the amount for remote transactions; nothing for a zero amount, and a throw for a negative
     * one, as a method checking its input would.
     */
    public static Optional<Scored> score(Transaction t) {
        if (t.amount() < 0) {
            throw new IllegalArgumentException("negative amount " + t.amount());
        }
        if (t.amount() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Scored(t.user_id(), t.amount() * (t.is_remote() ? 2 : 1), t.timestamp()));
    }

    /**
     * A purchase over 100 in three equal monthly parts (30 days apart), else in one; {@code null} (a bug the engine
     * must report) for a purchase without an amount.
     */
    public static List<Installment> installments(Purchase p) {
        if (p.amount() == null) {
            return null;
        }
        int parts = p.amount() > 100 ? 3 : 1;
        List<Installment> result = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            result.add(new Installment(p.user_id(), p.amount() / parts, i + 1,
                    p.timestamp().plusSeconds(30L * 86_400 * i)));
        }
        return result;
    }

    /** The invoker the processor generates for {@link #score}. */
    enum ScoreInvoker implements RecordTransformInvoker {
        INSTANCE;

        @Override
        public void apply(Object[] input, Consumer<Object[]> output) {
            Optional<Scored> result = score(new Transaction((String) input[0], (Double) input[1], (Boolean) input[2],
                    (Instant) input[3]));
            if (result == null) {
                output.accept(null);
                return;
            }
            result.ifPresent(r -> output.accept(new Object[] {r.user_id(), r.risk(), r.timestamp()}));
        }
    }

    /** The invoker the processor generates for {@link #installments}. */
    enum InstallmentsInvoker implements RecordTransformInvoker {
        INSTANCE;

        @Override
        public void apply(Object[] input, Consumer<Object[]> output) {
            List<Installment> result = installments(new Purchase((String) input[0], (Double) input[1],
                    (Instant) input[2]));
            if (result == null) {
                output.accept(null);
                return;
            }
            for (Installment r : result) {
                output.accept(r == null ? null : new Object[] {r.user_id(), r.part(), r.number(), r.timestamp()});
            }
        }
    }
}
